import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisAvailable } from "../../shared/testing.ts";
import { verifyPassword } from "../password.ts";
import { customers, signupRequests } from "../schema.ts";
import { availableDrivers, openTestDatabase, type TestDatabase } from "./databases.ts";
import { call, createAccount, inbox, json, signUpToken, startTestRedis, testApp, type ErrorJson, type TestRedis } from "./harness.ts";

/**
 * Sign-up does not reveal which emails have accounts: the answer is the same for a new and a
 * taken email, and what differs goes to the address's inbox (the messages outbox).
 */
const drivers = await availableDrivers();
const redisUp = await redisAvailable();
const email = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;

describe.skipIf(!redisUp).each(drivers)("sign-up by email (%s)", (driver) => {
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

  const signUp = (body: Record<string, string>) => call(app, "POST", "/customers/signup", body);
  const complete = (token: string) => call(app, "POST", "/customers/signup/complete", { token });
  const signIn = (address: string, password: string) => call(app, "POST", "/customers/signin", { email: address, password });

  it("answers a new and a taken email identically, and tells each inbox what happened", async () => {
    const taken = email("taken");
    await createAccount(app, taken, "the owner's password");
    const fresh = email("fresh");
    const [a, b] = [await signUp({ email: fresh, password: "a new password" }), await signUp({ email: taken.toUpperCase(), password: "someone else's" })];
    expect([a.status, b.status]).toEqual([202, 202]);
    expect([...a.headers.keys()].filter((h) => h !== "date" && h !== "x-request-id")).toEqual([...b.headers.keys()].filter((h) => h !== "date" && h !== "x-request-id"));
    const [bodyA, bodyB] = [await a.text(), await b.text()];
    expect(bodyA).toBe(bodyB);
    expect(JSON.parse(bodyA)).toEqual({ status: "check_inbox", message: "Check your inbox to finish creating your account." });

    const [toFresh] = await inbox(app, fresh);
    expect(toFresh).toMatchObject({ to: fresh, kind: "signup_verify", link: expect.stringMatching(/^\/account\/verify\?token=[A-Za-z0-9_-]{43}$/) });
    const toTaken = (await inbox(app, taken)).filter((m) => m.kind === "signup_existing_account");
    expect(toTaken).toHaveLength(1);
    expect(toTaken[0]).toMatchObject({ to: taken, link: null, body: expect.stringMatching(/sign in, or reset your password/) });

    // The taken account is untouched: its own password still works, the attempted one does not.
    expect((await signIn(taken, "the owner's password")).status).toBe(200);
    expect((await signIn(taken, "someone else's")).status).toBe(401);
  });

  it("creates the account only when the link is followed, with the password and name given at sign-up", async () => {
    const address = email("later");
    await signUp({ email: address, password: "chosen at sign-up", name: "Grace" });
    expect((await signIn(address, "chosen at sign-up")).status).toBe(401);
    const res = await complete(await signUpToken(app, address));
    expect(res.status).toBe(201);
    expect((await json<{ customer: unknown }>(res)).customer).toEqual({ id: expect.any(String), email: address, name: "Grace" });
    expect((await signIn(address, "chosen at sign-up")).status).toBe(200);
  });

  it("stores the token only hashed, and the password only as an scrypt hash", async () => {
    const address = email("stored");
    await signUp({ email: address, password: "never stored plainly" });
    const token = await signUpToken(app, address);
    const [row] = await t.db.select().from(signupRequests).where(eq(signupRequests.email, address));
    expect(row?.tokenHash).toEqual(expect.any(String));
    expect(row?.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain("never stored plainly");
    expect(await verifyPassword("never stored plainly", row?.passwordHash ?? "")).toBe(true);
  });

  it("uses a link once", async () => {
    const address = email("once");
    await signUp({ email: address, password: "single use link" });
    const token = await signUpToken(app, address);
    const [first, second] = await Promise.all([complete(token), complete(token)]);
    expect([first.status, second.status].sort()).toEqual([201, 400]);
    const again = await complete(token);
    expect(again.status).toBe(400);
    expect((await json<ErrorJson>(again)).error.code).toBe("INVALID_TOKEN");
    const [count] = await t.db.select({ n: sql<number>`count(*)::int` }).from(customers).where(eq(customers.email, address));
    expect(count?.n).toBe(1);
  });

  it("refuses an expired link, an unknown one and a malformed one with a 4xx", async () => {
    const address = email("expired");
    await signUp({ email: address, password: "too late for this" });
    const token = await signUpToken(app, address);
    await t.db.update(signupRequests).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(signupRequests.email, address));
    const expired = await complete(token);
    expect(expired.status).toBe(400);
    expect((await json<ErrorJson>(expired)).error.code).toBe("INVALID_TOKEN");
    expect((await complete("A".repeat(43))).status).toBe(400);
    const malformed = await complete("not a token\u0000");
    expect(malformed.status).toBe(400);
    expect((await json<ErrorJson>(malformed)).error.code).toBe("VALIDATION_FAILED");
  });

  it("answers a second link for an email that has meanwhile got its account with EMAIL_TAKEN", async () => {
    const address = email("twice");
    await signUp({ email: address, password: "first request" });
    const first = await signUpToken(app, address);
    await signUp({ email: address, password: "second request" });
    const second = await signUpToken(app, address);
    expect(second).not.toBe(first);
    expect((await complete(second)).status).toBe(201);
    const late = await complete(first);
    expect(late.status).toBe(409);
    expect((await json<ErrorJson>(late)).error.code).toBe("EMAIL_TAKEN");
  });

  it("builds the link on the edge's verify page, keeping its query", async () => {
    const address = email("link");
    await signUp({ email: address, password: "link with next", verifyUrl: "https://shop.example/account/verify?next=%2Fcart" });
    const [message] = await inbox(app, address);
    const link = new URL(message?.link ?? "");
    expect(link.origin + link.pathname).toBe("https://shop.example/account/verify");
    expect(link.searchParams.get("next")).toBe("/cart");
    expect(link.searchParams.get("token")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await signUp({ email: email("js"), password: "long enough!", verifyUrl: "javascript:alert(1)" })).status).toBe(400);
  });

  it("limits sign-ups per client with 429 and Retry-After, while other clients go on", async () => {
    const limited = testApp(t.db, r.redis, undefined, { signUpLimits: { perClient: { limit: 2, windowMs: 60_000 } } });
    const from = (clientKey: string) => call(limited, "POST", "/customers/signup", { email: email("flood"), password: "flooding away", clientKey });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await from("203.0.113.50")).status);
    expect(statuses).toEqual([202, 202, 429]);
    const refused = await from("203.0.113.50");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await json<ErrorJson>(refused)).error.code).toBe("RATE_LIMITED");
    expect((await from("203.0.113.51")).status).toBe(202);
  });

  it("serves the outbox only to signed requests, and not at all without the development mailbox", async () => {
    expect((await call(app, "GET", "/internal/messages", undefined, null)).status).toBe(401);
    const production = testApp(t.db, r.redis, undefined, { devMailbox: false });
    expect((await call(production, "GET", "/internal/messages")).status).toBe(404);
    expect((await call(app, "GET", "/internal/messages?to=not-an-email")).status).toBe(400);
  });
});
