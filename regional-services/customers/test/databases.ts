import { availableDrivers, openTestDatabase as openDriverDatabase, type Driver, type TestDatabase as DriverDatabase } from "../../shared/testing.ts";
import { openCustomersDatabase, type CustomersSchema } from "../db.ts";

/**
 * The customers database for a test file, on either driver: PGlite in memory, or a fresh scratch
 * database on the real Postgres through the Neon driver. Specs run once per driver.
 */
export { availableDrivers, type Driver };
export type TestDatabase = DriverDatabase<CustomersSchema>;

export function openTestDatabase(driver: Driver): Promise<TestDatabase> {
  return openDriverDatabase(driver, "customers", openCustomersDatabase);
}
