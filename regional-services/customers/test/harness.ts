import { afterAll, beforeAll } from "vitest";
import { encodeActor, type Actor } from "../../../contracts/admin/actor.ts";
import { ACTOR_HEADER, IDEMPOTENCY_KEY_HEADER, signRequest } from "../../../platform/signing.ts";
import { loadEnv, serviceEnv, type ServiceEnv } from "../../shared/env.ts";
import { rateLimit } from "../../shared/rate-limit.ts";
import { createRedis, type Redis } from "../../shared/redis.ts";
import { redisTestPrefix, TEST_REDIS_URL } from "../../shared/testing.ts";
import { startUpstashBridge } from "../../upstash-bridge/server.ts";
import { createCustomersApp } from "../app.ts";
import type { CustomersDb } from "../db.ts";
import { signInLimiter, type SignInLimits } from "../sign-in-limit.ts";
import { signUpLimiter, type SignUpLimits } from "../sign-up-limit.ts";
import type { MessagesResponse, OutboxMessage } from "../../../contracts/customers/signup.ts";
import { openTestDatabase, type Driver, type TestDatabase } from "./databases.ts";

/**
 * What the customers specs share: the Upstash bridge over the real Redis (so rate limits run the
 * production code path), an app wired like service.ts does it, and signed requests.
 */
export const EDGE_SECRET = "customers-test-edge-secret";
export const MERCHANT_TOKEN = "customers-test-merchant-token";

export interface TestRedis {
  url: string;
  redis: Redis;
  close(): Promise<void>;
}

export async function startTestRedis(): Promise<TestRedis> {
  const bridge = await startUpstashBridge({ port: 0, token: "customers-test-token", redisUrl: TEST_REDIS_URL });
  const redis = createRedis({ UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: "customers-test-token" });
  return { url: bridge.url, redis, close: () => bridge.close() };
}

export function testApp(db: CustomersDb, redis: Redis, limits?: SignInLimits, options: { signUpLimits?: SignUpLimits; devMailbox?: boolean; webhooksAllowPrivate?: boolean } = {}) {
  const check = (key: string, rule: { limit: number; windowMs: number }) => rateLimit(redis, key, rule);
  const limiter = signInLimiter(check, { prefix: redisTestPrefix(), ...(limits ? { limits } : {}) });
  const signUps = signUpLimiter(check, { prefix: redisTestPrefix(), ...(options.signUpLimits ? { limits: options.signUpLimits } : {}) });
  return createCustomersApp({
    db,
    limiter,
    signUpLimiter: signUps,
    devMailbox: options.devMailbox ?? true,
    signingSecrets: [EDGE_SECRET],
    merchantToken: MERCHANT_TOKEN,
    edgeSecrets: [EDGE_SECRET],
    webhooksAllowPrivate: options.webhooksAllowPrivate,
  });
}

type Fetchable = { request: (path: string, init: RequestInit) => Response | Promise<Response> };

/** A request signed as the edge signs it; `secret: null` sends it unsigned. */
export async function call(app: Fetchable, method: string, path: string, body?: unknown, secret: string | null = EDGE_SECRET): Promise<Response> {
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret) Object.assign(headers, await signRequest(secret, method, path, text));
  return app.request(path, { method, headers, ...(text === "" ? {} : { body: text }) });
}

/** The messages written to `to`, newest first, read as the development mailbox reads them. */
export async function inbox(app: Fetchable, to: string): Promise<OutboxMessage[]> {
  const res = await call(app, "GET", `/internal/messages?to=${encodeURIComponent(to)}`);
  if (res.status !== 200) throw new Error(`GET /internal/messages answered ${res.status}`);
  return (await json<MessagesResponse>(res)).messages;
}

/** The token of the newest sign-up link sent to `to`. */
export async function signUpToken(app: Fetchable, to: string): Promise<string> {
  const link = (await inbox(app, to)).find((m) => m.kind === "signup_verify")?.link;
  const token = link ? new URL(link, "http://localhost").searchParams.get("token") : null;
  if (!token) throw new Error(`no sign-up link was sent to ${to}`);
  return token;
}

/** A finished account: sign-up, then the link from the mailbox. Returns the customer. */
export async function createAccount(app: Fetchable, email: string, password: string, name?: string): Promise<{ id: string; email: string; name: string | null }> {
  const requested = await call(app, "POST", "/customers/signup", { email, password, ...(name === undefined ? {} : { name }) });
  if (requested.status !== 202) throw new Error(`sign-up answered ${requested.status}: ${await requested.text()}`);
  const done = await call(app, "POST", "/customers/signup/complete", { token: await signUpToken(app, email.trim().toLowerCase()) });
  if (done.status !== 201) throw new Error(`completing sign-up answered ${done.status}: ${await done.text()}`);
  return (await json<{ customer: { id: string; email: string; name: string | null } }>(done)).customer;
}

export interface ErrorJson {
  error: { code: string; message: string; details?: unknown };
}

/** The service's environment as the dev runner builds it, with overrides. */
export function testEnv(overrides: Record<string, string>): ServiceEnv {
  return serviceEnv("customers", loadEnv({ EDGE_SIGNING_SECRET: EDGE_SECRET, CUSTOMERS_PORT: "0", ...overrides }));
}

/** Node's Response.json() is untyped; tests name the shape they expect. */
export async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** A fresh address per call, so specs sharing a database never collide. */
export const uniqueEmail = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;

/**
 * The app on a scratch database of `driver` and the test Redis, opened before the suite's tests
 * and closed after them: call it in a `describe` body and read `.app` inside the tests.
 */
export function suiteApp(driver: Driver): { readonly app: ReturnType<typeof testApp> } {
  let t: TestDatabase | undefined;
  let r: TestRedis | undefined;
  let app: ReturnType<typeof testApp> | undefined;
  beforeAll(async () => {
    [t, r] = await Promise.all([openTestDatabase(driver), startTestRedis()]);
    app = testApp(t.db, r.redis);
  });
  afterAll(async () => {
    await Promise.all([t?.close(), r?.close()]);
  });
  return {
    get app() {
      if (!app) throw new Error("the suite's app is opened in beforeAll");
      return app;
    },
  };
}

/**
 * A merchant request as the edge forwards it: signed with the edge's secret over the body, the
 * actor it verified (`null`: none) and the Idempotency-Key, when one is given.
 */
export async function callAs(app: Fetchable, actor: Actor | null, method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<Response> {
  const text = body === undefined ? "" : JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": "application/json" };
  const actorHeader = actor ? encodeActor(actor) : undefined;
  if (actorHeader) headers[ACTOR_HEADER] = actorHeader;
  if (idempotencyKey !== undefined) headers[IDEMPOTENCY_KEY_HEADER] = idempotencyKey;
  Object.assign(headers, await signRequest(EDGE_SECRET, method, path, text, { actor: actorHeader, idempotencyKey }));
  return app.request(path, { method, headers, ...(text === "" ? {} : { body: text }) });
}
