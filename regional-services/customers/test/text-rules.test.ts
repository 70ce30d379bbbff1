import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisAvailable } from "../../shared/testing.ts";
import { customers } from "../schema.ts";
import { openTestDatabase, type TestDatabase } from "./databases.ts";
import { call, json, startTestRedis, testApp, type ErrorJson, type TestRedis } from "./harness.ts";

/**
 * Every customer field follows the shared text rules (platform/schemas.ts controlFree): control
 * characters and lone surrogates are a 400 naming the field, before anything reaches the database.
 */
const redisUp = await redisAvailable();
const email = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;
const BAD = { NUL: "\u0000", BEL: "\u0007", ESC: "\u001b", newline: "\n", DEL: "\u007f", "lone surrogate": "\ud800" };

describe.skipIf(!redisUp)("customer text rules", () => {
  let t: TestDatabase;
  let r: TestRedis;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    [t, r] = await Promise.all([openTestDatabase("pglite"), startTestRedis()]);
    app = testApp(t.db, r.redis);
  });
  afterAll(async () => {
    await Promise.all([t.close(), r.close()]);
  });

  const stored = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(customers))[0]?.n;

  it.each(Object.entries(BAD))("refuses %s in a name, an email and a password with a 400 naming the field", async (_what, bad) => {
    const before = await stored();
    const cases: [Record<string, string>, string][] = [
      [{ email: email("name"), password: "long enough password", name: `Ada${bad}Lovelace` }, "name"],
      [{ email: `ad${bad}a-${crypto.randomUUID().slice(0, 8)}@example.com`, password: "long enough password" }, "email"],
      [{ email: email("pw"), password: `long enough${bad}password` }, "password"],
    ];
    for (const [body, field] of cases) {
      const res = await call(app, "POST", "/customers/signup", body);
      expect(res.status).toBe(400);
      const { error } = await json<ErrorJson>(res);
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(error.message).toContain(`${field} must not contain control characters`);
    }
    expect(await stored()).toBe(before);
  });

  it("refuses a client key with control characters at sign-in", async () => {
    const res = await call(app, "POST", "/customers/signin", { email: email("ck"), password: "whatever it is", clientKey: "198.51.100.1\r\nx" });
    expect(res.status).toBe(400);
    expect((await json<ErrorJson>(res)).error.message).toContain("clientKey");
  });

  it("still keeps names in any script, with emoji, trimmed", async () => {
    const res = await call(app, "POST", "/customers/signup", { email: email("zoe"), password: "long enough password", name: "  Zoë Ångström 李 🚀 " });
    expect(res.status).toBeLessThan(300);
  });
});
