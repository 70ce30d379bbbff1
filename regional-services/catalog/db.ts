import { migrationsFolder, openDatabase, type Database, type DatabaseHandle, type Transaction, type ServiceDatabaseOptions } from "../shared/db.ts";
import * as schema from "./schema.ts";

/** The catalog database handle types, and how to open it (PGlite or a Postgres URL). */
export type CatalogSchema = typeof schema;
export type CatalogDb = Database<CatalogSchema>;
export type CatalogTx = Transaction<CatalogSchema>;

/** drizzle-kit's SQL for this database (migrations/catalog). */
export const MIGRATIONS_FOLDER = migrationsFolder("catalog");

/** Opens the catalog database: the Neon driver for a URL, else PGlite in `dataDir`. */
export function openCatalogDatabase(options: ServiceDatabaseOptions): Promise<DatabaseHandle<CatalogSchema>> {
  return openDatabase({ schema, migrationsFolder: MIGRATIONS_FOLDER, ...options });
}
