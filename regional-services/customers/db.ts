import { fileURLToPath } from "node:url";
import { openDatabase, type Database, type DatabaseHandle } from "../shared/db.ts";
import * as schema from "./schema.ts";

/** The customers database handle types, and how to open it (PGlite or a Postgres URL). */
export type CustomersSchema = typeof schema;
export type CustomersDb = Database<CustomersSchema>;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../migrations/customers", import.meta.url));

export function openCustomersDatabase(options: {
  url?: string | undefined;
  dataDir: string;
  migrate?: boolean;
}): Promise<DatabaseHandle<CustomersSchema>> {
  return openDatabase({ schema, migrationsFolder: MIGRATIONS_FOLDER, ...options });
}
