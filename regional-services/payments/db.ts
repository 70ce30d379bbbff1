import { migrationsFolder, type Database, type Transaction } from "../shared/db.ts";
import { serviceDatabase } from "../shared/lifecycle.ts";
import * as schema from "./schema.ts";

/** The payments database handle types, and how to open it (PGlite or a Postgres URL). */
export type PaymentsSchema = typeof schema;
export type PaymentsDb = Database<PaymentsSchema>;
export type PaymentsTx = Transaction<PaymentsSchema>;

export const MIGRATIONS_FOLDER = migrationsFolder("payments");

/** Opens (and migrates) the payments database: the Neon driver for a URL, else PGlite in `dataDir`. */
export const openPaymentsDatabase = serviceDatabase("payments", schema);
