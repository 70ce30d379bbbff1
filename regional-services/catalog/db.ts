import { openDatabase, type Database, type DatabaseHandle, type Transaction } from "../shared/db.ts";
import * as schema from "./schema.ts";

/** The catalog database handle types, and how to open it (PGlite or a Postgres URL). */
export type CatalogSchema = typeof schema;
export type CatalogDb = Database<CatalogSchema>;
export type CatalogTx = Transaction<CatalogSchema>;

export const MIGRATIONS_FOLDER = new URL("../../migrations/catalog", import.meta.url).pathname;

export function openCatalogDatabase(options: { url?: string | undefined; dataDir: string; migrate?: boolean }): Promise<DatabaseHandle<CatalogSchema>> {
  return openDatabase({ schema, migrationsFolder: MIGRATIONS_FOLDER, ...options });
}
