import { setTimeout as sleep } from "node:timers/promises";
import { eq, sql } from "drizzle-orm";
import { signedFetch } from "../../../platform/signed-fetch.ts";
import { loadEnv, serviceEnv, type RawEnv } from "../../shared/env.ts";
import { createRedis } from "../../shared/redis.ts";
import { availableDrivers, openTestDatabase as openDriverDatabase, redisAvailable, TEST_REDIS_URL, type Driver, type TestDatabase } from "../../shared/testing.ts";
import { startUpstashBridge } from "../../upstash-bridge/server.ts";
import type { RunningService } from "../../shared/server.ts";
import type { PaymentView, TokenResponse } from "../contract.ts";
import { openPaymentsDatabase, type PaymentsDb, type PaymentsSchema } from "../db.ts";
import { SANDBOX_SIGNATURE_HEADER, signWebhook } from "../providers/sandbox-signature.ts";
import type { WebhookDeliveryOptions } from "../providers/sandbox-webhooks.ts";
import { captures, outbox, sandboxWebhookEvents } from "../schema.ts";
import { runPayments } from "../service.ts";

/**
 * The payments service for a test file, on either driver (PGlite in memory, or a scratch database
 * on the real Postgres through the Neon driver), listening on a random port, with helpers that
 * call it as the edge and the orders service do.
 */
export { availableDrivers, type Driver };
export type OpenedDatabase = TestDatabase<PaymentsSchema>;

export function openTestDatabase(driver: Driver): Promise<OpenedDatabase> {
  return openDriverDatabase(driver, "payments", openPaymentsDatabase);
}

export const CARD = { expMonth: 12, expYear: new Date().getUTCFullYear() + 3, cvc: "123" };

export interface TestService {
  url: string;
  db: PaymentsDb;
  raw: Readonly<RawEnv>;
  service: RunningService;
  /** POST /payments/tokens as the edge. */
  tokenize(card: string, extra?: Partial<typeof CARD>): Promise<TokenResponse>;
  asEdge(path: string, json?: unknown): Promise<Response>;
  asService(method: "GET" | "POST", path: string, json?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** POST /payments with the order id as Idempotency-Key; the status and the payment. */
  pay(orderId: string, token: string, amount?: number): Promise<{ status: number; payment: PaymentView }>;
  act(id: string, action: "confirm" | "cancel"): Promise<{ status: number; body: unknown }>;
  /** POSTs a webhook body signed as the sandbox signs it (or with `signature` instead). */
  webhook(body: unknown, signature?: string): Promise<Response>;
  /** Resolves once the sandbox has no webhook left to deliver. */
  webhooksSettled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The Upstash bridge the service remembers used signatures through (it refuses every signed write
 * without it): over the real Redis when one runs here (always with CI=true), else in memory.
 */
export async function startReplayBridge(): Promise<{ url: string; token: string; close(): Promise<void> }> {
  const token = "payments-test-token";
  const bridge = await startUpstashBridge({ port: 0, token, redisUrl: (await redisAvailable()) ? TEST_REDIS_URL : undefined });
  return { url: bridge.url, token, close: () => bridge.close() };
}

export async function startTestService(driver: Driver, webhooks?: WebhookDeliveryOptions): Promise<TestService> {
  const [database, bridge] = await Promise.all([openTestDatabase(driver), startReplayBridge()]);
  const raw = loadEnv({ PAYMENTS_PORT: "0", HOST: "127.0.0.1", UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token });
  const service = await runPayments({ db: database.db, env: serviceEnv("payments", raw), redis: createRedis(raw), ...(webhooks ? { webhooks } : {}) });
  const { url } = service;
  const asEdge = (path: string, json?: unknown) => signedFetch(raw.EDGE_SIGNING_SECRET, url, path, json === undefined ? {} : { json });
  const asService = (method: "GET" | "POST", path: string, json?: unknown, headers: Record<string, string> = {}) =>
    signedFetch(raw.SERVICE_SIGNING_SECRET, url, path, json === undefined ? { method, headers } : { method, json, headers });
  const t: TestService = {
    url,
    db: database.db,
    raw,
    service,
    asEdge,
    asService,
    async tokenize(card, extra = {}) {
      const res = await asEdge("/payments/tokens", { card, ...CARD, ...extra });
      if (res.status !== 201) throw new Error(`tokenize answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as TokenResponse;
    },
    async pay(orderId, token, amount = 2500) {
      const res = await asService("POST", "/payments", { orderId, amount, currency: "USD", token }, { "idempotency-key": orderId });
      const body = (await res.json()) as { payment: PaymentView };
      return { status: res.status, payment: body.payment };
    },
    async act(id, action) {
      const res = await asService("POST", `/payments/${id}/${action}`);
      return { status: res.status, body: await res.json() };
    },
    async webhook(body, signature) {
      const text = JSON.stringify(body);
      return fetch(`${url}/webhooks/sandbox`, {
        method: "POST",
        headers: { "content-type": "application/json", [SANDBOX_SIGNATURE_HEADER]: signature ?? (await signWebhook(raw.PAYMENTS_WEBHOOK_SECRET, text)) },
        body: text,
      });
    },
    async webhooksSettled() {
      for (let i = 0; i < 250; i++) {
        const [row] = await database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(sandboxWebhookEvents)
          .where(eq(sandboxWebhookEvents.state, "pending"));
        if (row?.n === 0) return;
        await sleep(20);
      }
      throw new Error("sandbox webhooks still pending after 5 s");
    },
    async close() {
      await service.close();
      await bridge.close();
      await database.close();
    },
  };
  return t;
}

/** The outbox events about one payment, oldest first. */
export async function eventsFor(db: PaymentsDb, paymentId: string): Promise<{ type: string; payload: unknown }[]> {
  return db.select({ type: outbox.type, payload: outbox.payload }).from(outbox).where(eq(outbox.subject, paymentId)).orderBy(outbox.seq);
}

export async function capturesFor(db: PaymentsDb, paymentId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(captures).where(eq(captures.paymentId, paymentId));
  return row?.n ?? 0;
}
