import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis } from "../../shared/redis.ts";
import { redisAvailable } from "../../shared/testing.ts";
import { openTestDatabase, type TestDatabase } from "./databases.ts";
import { call, createAccount, json, startTestRedis, testApp, type ErrorJson, type TestRedis } from "./harness.ts";

/** Sign-in rate limits, counted in the real Redis through the Upstash bridge. */
const redisUp = await redisAvailable();
const email = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;
const LIMITS = {
  perEmailClient: { limit: 3, windowMs: 60_000 },
  perEmail: { limit: 6, windowMs: 60_000 },
  perClient: { limit: 5, windowMs: 60_000 },
};

describe.skipIf(!redisUp)("sign-in rate limits (real Redis via the Upstash bridge)", () => {
  let t: TestDatabase;
  let r: TestRedis;
  beforeAll(async () => {
    [t, r] = await Promise.all([openTestDatabase("pglite"), startTestRedis()]);
  });
  afterAll(async () => {
    await Promise.all([t.close(), r.close()]);
  });

  const signIn = (app: ReturnType<typeof testApp>, body: Record<string, string>) => call(app, "POST", "/customers/signin", body);

  it("refuses one client's attempts past its limit for an email with 429 and Retry-After, even with the right password", async () => {
    const app = testApp(t.db, r.redis, LIMITS);
    const address = email("target");
    await createAccount(app, address, "the real password");
    const statuses = [];
    for (const guess of ["guess one", "guess two", "guess three"]) statuses.push((await signIn(app, { email: address, password: guess })).status);
    expect(statuses).toEqual([401, 401, 401]);

    // Even the right password is refused now: the limit is checked before the password.
    const limited = await signIn(app, { email: address.toUpperCase(), password: "the real password" });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = await json<ErrorJson>(limited);
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(body.error.details).toEqual({ retryAfterSeconds: retryAfter });
  });

  it("limits one client trying many accounts, while other clients go on signing in", async () => {
    const app = testApp(t.db, r.redis, LIMITS);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await signIn(app, { email: email(`spray${i}`), password: "password1", clientKey: "203.0.113.9" })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const elsewhere = await signIn(app, { email: email("other"), password: "password1", clientKey: "203.0.113.10" });
    expect(elsewhere.status).toBe(401);
  });

  it("keeps separate counters per email: one account under attack does not lock out another", async () => {
    const app = testApp(t.db, r.redis, LIMITS);
    const victim = email("victim");
    for (let i = 0; i < 4; i++) await signIn(app, { email: victim, password: `attempt ${i}` });
    const bystander = email("bystander");
    await createAccount(app, bystander, "bystander pw");
    expect((await signIn(app, { email: bystander, password: "bystander pw" })).status).toBe(200);
  });

  it("does not let an attacker's client lock the owner out: the owner signs in from another client", async () => {
    const app = testApp(t.db, r.redis, LIMITS);
    const address = email("owner");
    await createAccount(app, address, "the owner's password");
    const attacker = "203.0.113.66";
    const statuses = [];
    // Far more attempts than the email's ceiling: refused ones must not count towards it.
    for (let i = 0; i < 10; i++) statuses.push((await signIn(app, { email: address, password: `guess ${i}`, clientKey: attacker })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
    expect((await signIn(app, { email: address, password: "the owner's password", clientKey: attacker })).status).toBe(429);

    const owner = await signIn(app, { email: address, password: "the owner's password", clientKey: "198.51.100.20" });
    expect(owner.status).toBe(200);
  });

  it("still stops a guesser spread over many clients, at the per-email ceiling", async () => {
    const app = testApp(t.db, r.redis, LIMITS);
    const address = email("spread");
    await createAccount(app, address, "the owner's password");
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await signIn(app, { email: address, password: `guess ${i}`, clientKey: `203.0.113.${100 + i}` })).status);
    expect(statuses).toEqual(Array(6).fill(401));
    const next = await signIn(app, { email: address, password: "the owner's password", clientKey: "198.51.100.21" });
    expect(next.status).toBe(429);
    expect((await json<ErrorJson>(next)).error.code).toBe("RATE_LIMITED");
  });

  it("fails open when Redis cannot be reached, so sign-in keeps working", async () => {
    const unreachable = createRedis({ UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9", UPSTASH_REDIS_REST_TOKEN: "x" });
    const app = testApp(t.db, unreachable, LIMITS);
    const address = email("outage");
    await createAccount(app, address, "during outage");
    for (let i = 0; i < 4; i++) expect((await signIn(app, { email: address, password: "during outage" })).status).toBe(200);
  });
});
