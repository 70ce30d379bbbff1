import { migrationsFolder, openDatabase, type Database, type DatabaseHandle, type ServiceDatabaseOptions } from "../shared/db.ts";
import * as schema from "./schema.ts";

/** The customers database handle types, and how to open it (PGlite or a Postgres URL). */
export type CustomersSchema = typeof schema;
export type CustomersDb = Database<CustomersSchema>;

export const MIGRATIONS_FOLDER = migrationsFolder("customers");

export function openCustomersDatabase(options: ServiceDatabaseOptions): Promise<DatabaseHandle<CustomersSchema>> {
  return openDatabase({ schema, migrationsFolder: MIGRATIONS_FOLDER, ...options });
}
