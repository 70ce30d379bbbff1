import { migrationsFolder, type Database, type Transaction } from "../shared/db.ts";
import { serviceDatabase } from "../shared/lifecycle.ts";
import * as schema from "./schema.ts";

/** The customers database handle types, and how to open it (PGlite or a Postgres URL). */
export type CustomersSchema = typeof schema;
export type CustomersDb = Database<CustomersSchema>;
export type CustomersTx = Transaction<CustomersSchema>;

export const MIGRATIONS_FOLDER = migrationsFolder("customers");

/** Opens (and migrates) the customers database: the Neon driver for a URL, else PGlite in `dataDir`. */
export const openCustomersDatabase = serviceDatabase("customers", schema);
