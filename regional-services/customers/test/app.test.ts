import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisAvailable } from "../../shared/testing.ts";
import { availableDrivers, openTestDatabase, type TestDatabase } from "./databases.ts";
import { call, createAccount, json, startTestRedis, testApp, type ErrorJson, type TestRedis } from "./harness.ts";

const drivers = await availableDrivers();
const redisUp = await redisAvailable();
const email = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;

describe.skipIf(!redisUp).each(drivers)("customers HTTP API (%s)", (driver) => {
  let t: TestDatabase;
  let r: TestRedis;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    [t, r] = await Promise.all([openTestDatabase(driver), startTestRedis()]);
    app = testApp(t.db, r.redis);
  });
  afterAll(async () => {
    await Promise.all([t.close(), r.close()]);
  });

  it("refuses requests that the edge did not sign", async () => {
    const res = await call(app, "POST", "/customers/signup", { email: email("x"), password: "long enough" }, null);
    expect(res.status).toBe(401);
    expect((await json<ErrorJson>(res)).error.code).toBe("BAD_SIGNATURE");
    const forged = await call(app, "GET", `/customers/${crypto.randomUUID()}`, undefined, "some-other-secret-entirely");
    expect(forged.status).toBe(401);
  });

  it("signs up through the emailed link: the customer, email lower-cased, no password material", async () => {
    const address = email("Ada").toUpperCase();
    const customer = await createAccount(app, address, "correct horse", "  Ada ");
    expect(customer).toEqual({ id: expect.any(String), email: address.toLowerCase(), name: "Ada" });
    expect(JSON.stringify(customer)).not.toMatch(/correct horse|scrypt|hash/);
  });

  it("names the field for bad input: email, password length, name length, JSON", async () => {
    const cases: [unknown, string][] = [
      [{ email: "not an email", password: "long enough" }, "email"],
      [{ email: email("short"), password: "seven77" }, "password must be at least 8"],
      [{ email: email("long"), password: "x".repeat(201) }, "password must be at most 200"],
      [{ email: email("name"), password: "long enough", name: "n".repeat(101) }, "name"],
      [{ password: "long enough" }, "email"],
    ];
    for (const [body, field] of cases) {
      const res = await call(app, "POST", "/customers/signup", body);
      expect(res.status).toBe(400);
      const error = (await json<ErrorJson>(res)).error;
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(error.message).toContain(field);
    }
    expect((await call(app, "POST", "/customers/signup", "{not json")).status).toBe(400);
  });

  it("signs in whatever the email's letter case, and returns the same customer", async () => {
    const address = email("grace");
    const created = await createAccount(app, address, "cobol forever");
    const res = await call(app, "POST", "/customers/signin", { email: address.toUpperCase(), password: "cobol forever", clientKey: "198.51.100.7" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ customer: created, tags: [] });
  });

  it("answers a wrong password and an unknown email with the very same 401", async () => {
    const address = email("known");
    await createAccount(app, address, "the right one");
    const wrong = await call(app, "POST", "/customers/signin", { email: address, password: "the wrong one" });
    const unknown = await call(app, "POST", "/customers/signin", { email: email("unknown"), password: "the right one" });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    const [w, u] = [await json<ErrorJson>(wrong), await json<ErrorJson>(unknown)];
    expect(w).toEqual({ error: { code: "INVALID_CREDENTIALS", message: "email or password is incorrect" } });
    expect(u).toEqual(w);
  });

  it("reads a customer by id: 200, 404 for an unknown id, 400 for a malformed one", async () => {
    const created = await createAccount(app, email("read"), "readable!");
    const found = await call(app, "GET", `/customers/${created.id}`);
    expect(found.status).toBe(200);
    expect(await found.json()).toEqual({ customer: created });
    expect((await call(app, "GET", `/customers/${crypto.randomUUID()}`)).status).toBe(404);
    const bad = await call(app, "GET", "/customers/not-an-id");
    expect(bad.status).toBe(400);
    expect((await json<ErrorJson>(bad)).error.message).toContain("id");
  });
});
