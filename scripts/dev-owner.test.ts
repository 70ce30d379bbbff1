import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_OWNER_EMAIL, DEV_SECRETS } from "../platform/dev-secrets.ts";
import { availableDrivers, openTestDatabase, type TestDatabase } from "../regional-services/customers/test/databases.ts";
import { createFirstOwner } from "../regional-services/customers/staff.ts";
import { devOwnerLine } from "./dev-owner.ts";

/**
 * The admin line `npm run dev` prints once the stack runs: the dev owner is made on a shop with
 * no owner and its published credentials shown; a restart shows them again without making
 * anything; a shop whose owner is a real account shows no credentials at all.
 */
const [driver = "pglite"] = await availableDrivers();

describe(`the dev owner's admin line (${driver})`, () => {
  let fresh: TestDatabase;
  let owned: TestDatabase;
  beforeAll(async () => {
    [fresh, owned] = await Promise.all([openTestDatabase(driver), openTestDatabase(driver)]);
  });
  afterAll(async () => {
    await Promise.all([fresh.close(), owned.close()]);
  });

  it("makes the dev owner on a shop with no owner, and on a restart shows the same credentials without making it again", async () => {
    const credentials = `${DEV_OWNER_EMAIL} / ${DEV_SECRETS.DEV_OWNER_PASSWORD}`;
    expect(await devOwnerLine(fresh.db, 18606)).toBe(`admin        http://127.0.0.1:18606/admin  ${credentials} (created now)`);
    expect(await devOwnerLine(fresh.db, 18606)).toBe(`admin        http://127.0.0.1:18606/admin  ${credentials}`);
  });

  it("shows no credentials on a shop whose owner is someone's own account", async () => {
    await createFirstOwner(owned.db, { email: "owner@example.com", name: "Owner", password: "the owner's own password" });
    const line = await devOwnerLine(owned.db, 8787);
    expect(line).toBe("admin        http://127.0.0.1:8787/admin  (sign in with your own owner account)");
    expect(line).not.toContain(DEV_SECRETS.DEV_OWNER_PASSWORD);
  });
});
