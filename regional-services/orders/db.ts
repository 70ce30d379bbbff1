import { openDatabase, type Database, type DatabaseHandle, type Transaction } from "../shared/db.ts";
import * as schema from "./schema.ts";

/** The orders database handle types, and how to open it (PGlite or a Postgres URL). */
export type OrdersSchema = typeof schema;
export type OrdersDb = Database<OrdersSchema>;
export type OrdersTx = Transaction<OrdersSchema>;

export const MIGRATIONS_FOLDER = new URL("../../migrations/orders", import.meta.url).pathname;

/** Opens (and with `migrate`, migrates) the orders database: PGlite in `dataDir`, or Postgres at `url`. */
export function openOrdersDatabase(options: { url?: string | undefined; dataDir: string; migrate?: boolean }): Promise<DatabaseHandle<OrdersSchema>> {
  return openDatabase({ schema, migrationsFolder: MIGRATIONS_FOLDER, ...options });
}
