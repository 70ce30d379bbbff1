import { openDatabase, type Database, type DatabaseHandle, type Transaction } from "../shared/db.ts";
import * as schema from "./schema.ts";

/** The payments database handle types, and how to open it (PGlite or a Postgres URL). */
export type PaymentsSchema = typeof schema;
export type PaymentsDb = Database<PaymentsSchema>;
export type PaymentsTx = Transaction<PaymentsSchema>;

export const MIGRATIONS_FOLDER = new URL("../../migrations/payments", import.meta.url).pathname;

export function openPaymentsDatabase(options: { url?: string | undefined; dataDir: string; migrate?: boolean }): Promise<DatabaseHandle<PaymentsSchema>> {
  return openDatabase({ schema, migrationsFolder: MIGRATIONS_FOLDER, ...options });
}
