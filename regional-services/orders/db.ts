import { migrationsFolder, type Database, type Transaction } from "../shared/db.ts";
import { serviceDatabase } from "../shared/lifecycle.ts";
import * as schema from "./schema.ts";

/** The orders database handle types, and how to open it (PGlite or a Postgres URL). */
export type OrdersSchema = typeof schema;
export type OrdersDb = Database<OrdersSchema>;
export type OrdersTx = Transaction<OrdersSchema>;

export const MIGRATIONS_FOLDER = migrationsFolder("orders");

/** Opens (and migrates) the orders database: the Neon driver for a URL, else PGlite in `dataDir`. */
export const openOrdersDatabase = serviceDatabase("orders", schema);
