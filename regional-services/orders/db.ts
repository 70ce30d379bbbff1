import { migrationsFolder, openDatabase, type Database, type DatabaseHandle, type Transaction, type ServiceDatabaseOptions } from "../shared/db.ts";
import * as schema from "./schema.ts";

/** The orders database handle types, and how to open it (PGlite or a Postgres URL). */
export type OrdersSchema = typeof schema;
export type OrdersDb = Database<OrdersSchema>;
export type OrdersTx = Transaction<OrdersSchema>;

export const MIGRATIONS_FOLDER = migrationsFolder("orders");

/** Opens (and with `migrate`, migrates) the orders database: PGlite in `dataDir`, or Postgres at `url`. */
export function openOrdersDatabase(options: ServiceDatabaseOptions): Promise<DatabaseHandle<OrdersSchema>> {
  return openDatabase({ schema, migrationsFolder: MIGRATIONS_FOLDER, ...options });
}
