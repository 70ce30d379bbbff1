import { signRequest } from "../../../platform/signing.ts";
import { loadEnv, serviceEnv, type ServiceEnv } from "../../shared/env.ts";
import { rateLimit } from "../../shared/rate-limit.ts";
import { createRedis, type Redis } from "../../shared/redis.ts";
import { redisTestPrefix, TEST_REDIS_URL } from "../../shared/testing.ts";
import { startUpstashBridge } from "../../upstash-bridge/server.ts";
import { createCustomersApp } from "../app.ts";
import type { CustomersDb } from "../db.ts";
import { signInLimiter, type SignInLimits } from "../sign-in-limit.ts";

/**
 * What the customers specs share: the Upstash bridge over the real Redis (so rate limits run the
 * production code path), an app wired like service.ts does it, and signed requests.
 */
export const EDGE_SECRET = "customers-test-edge-secret";

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

export function testApp(db: CustomersDb, redis: Redis, limits?: SignInLimits) {
  const limiter = signInLimiter((key, rule) => rateLimit(redis, key, rule), {
    prefix: redisTestPrefix(),
    ...(limits ? { limits } : {}),
  });
  return createCustomersApp({ db, limiter, signingSecrets: [EDGE_SECRET] });
}

type Fetchable = { request: (path: string, init: RequestInit) => Response | Promise<Response> };

/** A request signed as the edge signs it; `secret: null` sends it unsigned. */
export async function call(app: Fetchable, method: string, path: string, body?: unknown, secret: string | null = EDGE_SECRET): Promise<Response> {
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret) Object.assign(headers, await signRequest(secret, method, path, text));
  return app.request(path, { method, headers, ...(text === "" ? {} : { body: text }) });
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
