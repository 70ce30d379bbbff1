import { migrationsFolder, openDatabase, type Database, type DatabaseHandle, type Transaction, type ServiceDatabaseOptions } from "../shared/db.ts";
import * as schema from "./schema.ts";

/** The payments database handle types, and how to open it (PGlite or a Postgres URL). */
export type PaymentsSchema = typeof schema;
export type PaymentsDb = Database<PaymentsSchema>;
export type PaymentsTx = Transaction<PaymentsSchema>;

export const MIGRATIONS_FOLDER = migrationsFolder("payments");

export function openPaymentsDatabase(options: ServiceDatabaseOptions): Promise<DatabaseHandle<PaymentsSchema>> {
  return openDatabase({ schema, migrationsFolder: MIGRATIONS_FOLDER, ...options });
}
