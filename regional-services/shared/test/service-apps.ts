import { DEV_SECRETS } from "../../../platform/dev-secrets.ts";
import { ACTOR_HEADER, signRequest } from "../../../platform/signing.ts";
import { openFixture } from "../../catalog/test/fixture.ts";
import { createCustomersApp } from "../../customers/app.ts";
import { signInLimiter } from "../../customers/sign-in-limit.ts";
import { signUpLimiter } from "../../customers/sign-up-limit.ts";
import { openTestDatabase as openCustomersDatabase } from "../../customers/test/databases.ts";
import { startTestRedis } from "../../customers/test/harness.ts";
import { openTestDatabase as openOrdersDatabase, ordersApp, paymentsClientFor } from "../../orders/test/harness.ts";
import { createPaymentsApp } from "../../payments/app.ts";
import { SandboxProvider } from "../../payments/providers/sandbox.ts";
import { openTestDatabase as openPaymentsDatabase, startReplayBridge } from "../../payments/test/harness.ts";
import { loadEnv, serviceEnv } from "../env.ts";
import { rateLimit } from "../rate-limit.ts";
import { createRedis } from "../redis.ts";
import type { ServiceApp } from "../server.ts";
import { redisTestPrefix } from "../testing.ts";

/**
 * The four regional service apps, wired as their service.ts wires them (dev secrets, PGlite in
 * memory, Redis through the Upstash bridge), for specs that call every route in-process with
 * `app.request()`: the signature matrix and the bad-input suite. Orders' payments client points
 * at a port nobody listens on; no request these specs send gets as far as a payment.
 */
export type ServiceName = "catalog" | "customers" | "orders" | "payments";

export interface ServiceApps {
  apps: Record<ServiceName, ServiceApp>;
  close(): Promise<void>;
}

export async function openServiceApps(): Promise<ServiceApps> {
  const [catalog, customersDb, ordersDb, paymentsDb, redis, bridge] = await Promise.all([
    openFixture({ products: 8 }),
    openCustomersDatabase("pglite"),
    openOrdersDatabase("pglite"),
    openPaymentsDatabase("pglite"),
    startTestRedis(),
    startReplayBridge(),
  ]);
  const check = (key: string, rule: { limit: number; windowMs: number }) => rateLimit(redis.redis, key, rule);
  const customers = createCustomersApp({
    db: customersDb.db,
    limiter: signInLimiter(check, { prefix: redisTestPrefix() }),
    signUpLimiter: signUpLimiter(check, { prefix: redisTestPrefix() }),
    devMailbox: true,
    signingSecrets: [DEV_SECRETS.EDGE_SIGNING_SECRET, DEV_SECRETS.SERVICE_SIGNING_SECRET],
    merchantToken: DEV_SECRETS.MERCHANT_TOKEN,
    edgeSecrets: [DEV_SECRETS.EDGE_SIGNING_SECRET],
  });
  const orders = ordersApp(ordersDb.db, paymentsClientFor("http://127.0.0.1:9"));
  const raw = loadEnv({ PAYMENTS_PORT: "0", UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token });
  const provider = new SandboxProvider({ db: paymentsDb.db, webhookSecret: raw.PAYMENTS_WEBHOOK_SECRET, onEvent: () => undefined });
  const payments = createPaymentsApp({ db: paymentsDb.db, provider, env: serviceEnv("payments", raw), redis: createRedis(raw), redisPrefix: redisTestPrefix() });
  return {
    apps: { catalog: catalog.app, customers, orders, payments },
    close: async () => {
      await Promise.all([catalog.close(), customersDb.close(), ordersDb.close(), paymentsDb.close(), redis.close(), bridge.close()]);
    },
  };
}

/** Who signs: the edge, a sibling service, or nobody (null). */
export type Signer = string | null;

export interface SignedCall {
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  secret?: Signer;
  /** Sign as of this time (a stale signature), instead of now. */
  now?: number;
}

/** A request to `app`, signed with `secret` (the edge's by default) over exactly what is sent. */
export async function signedCall(app: ServiceApp, call: SignedCall): Promise<Response> {
  const body = call.body ?? "";
  const headers: Record<string, string> = { ...(body === "" ? {} : { "content-type": "application/json" }), ...call.headers };
  const secret = call.secret === undefined ? DEV_SECRETS.EDGE_SIGNING_SECRET : call.secret;
  if (secret !== null) {
    const options = { idempotencyKey: headers["idempotency-key"], actor: headers[ACTOR_HEADER], ...(call.now === undefined ? {} : { now: call.now }) };
    Object.assign(headers, await signRequest(secret, call.method, call.path, body, options));
  }
  return app.request(call.path, { method: call.method, headers, ...(body === "" ? {} : { body }) });
}

/** The error code of a `{ error: { code, message } }` answer, or a description of what came instead. */
export async function errorCodeOf(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === "string" && typeof body.error.message === "string") return body.error.code;
  } catch {
    // fall through: not JSON
  }
  return `(no error shape: ${text.slice(0, 200)})`;
}
