import { migrationsFolder, type Database, type Transaction } from "../shared/db.ts";
import { serviceDatabase } from "../shared/lifecycle.ts";
import * as schema from "./schema.ts";

/** The catalog database handle types, and how to open it (PGlite or a Postgres URL). */
export type CatalogSchema = typeof schema;
export type CatalogDb = Database<CatalogSchema>;
export type CatalogTx = Transaction<CatalogSchema>;

/** drizzle-kit's SQL for this database (migrations/catalog). */
export const MIGRATIONS_FOLDER = migrationsFolder("catalog");

/** Opens (and migrates) the catalog database: the Neon driver for a URL, else PGlite in `dataDir`. */
export const openCatalogDatabase = serviceDatabase("catalog", schema);
