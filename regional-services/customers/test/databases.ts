import { createScratchDatabase, postgresAvailable } from "../../shared/testing.ts";
import { openCustomersDatabase, type CustomersDb } from "../db.ts";

/**
 * The customers database for a test file, on either driver: PGlite in memory, or a fresh scratch
 * database on the real Postgres through the Neon driver. Specs run once per driver.
 */
export type Driver = "pglite" | "postgres";

export interface TestDatabase {
  db: CustomersDb;
  close(): Promise<void>;
}

export async function openTestDatabase(driver: Driver): Promise<TestDatabase> {
  if (driver === "pglite") {
    const handle = await openCustomersDatabase({ dataDir: "memory://", migrate: true });
    return { db: handle.db, close: () => handle.close() };
  }
  const scratch = await createScratchDatabase("customers");
  const handle = await openCustomersDatabase({ url: scratch.url, dataDir: "", migrate: true });
  return {
    db: handle.db,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

/** The drivers to run on here: Postgres only when it is reachable (and always when CI=true). */
export async function availableDrivers(): Promise<Driver[]> {
  return (await postgresAvailable()) ? ["pglite", "postgres"] : ["pglite"];
}
