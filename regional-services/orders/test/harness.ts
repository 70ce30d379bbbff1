import { asc, eq } from "drizzle-orm";
import { signedFetch } from "../../../platform/signed-fetch.ts";
import { signRequest } from "../../../platform/signing.ts";
import { loadEnv, serviceEnv, type RawEnv } from "../../shared/env.ts";
import { createRedis, type Redis } from "../../shared/redis.ts";
import type { RunningService } from "../../shared/server.ts";
import { availableDrivers, openTestDatabase as openDriverDatabase, redisAvailable, redisTestPrefix, TEST_REDIS_URL, type Driver, type TestDatabase } from "../../shared/testing.ts";
import { startPayments as startPaymentsService } from "../../../scripts/test-siblings.ts";
import { startReplayBridge } from "../../shared/test-redis-bridge.ts";
import { startUpstashBridge } from "../../upstash-bridge/server.ts";
import { createOrdersApp } from "../app.ts";
import { DEMO_PROMOTIONS } from "../../../domain/promotions/demo.ts";
import { applyCatalogEvent } from "../catalog-feed.ts";
import { openOrdersDatabase, type OrdersDb, type OrdersSchema } from "../db.ts";
import { availableUnits } from "../inventory.ts";
import { httpPaymentsClient, type PaymentsClient } from "../payments-client.ts";
import { outbox } from "../schema.ts";

/**
 * What the orders specs share: the orders database on either driver, the real payments service
 * (its sandbox provider decides by test card), the Upstash bridge over the real Redis, and
 * requests signed as the edge signs them.
 */
export { availableDrivers, type Driver };

export const TEST_CARDS = { succeeds: "4242424242424242", declined: "4000000000000002", requiresAction: "4000002760003184", refundFails: "4000000000005126" } as const;
const raw: Readonly<RawEnv> = loadEnv({ PAYMENTS_PORT: "0", HOST: "127.0.0.1" });
export const EDGE_SECRET = raw.EDGE_SIGNING_SECRET;
export const MERCHANT_TOKEN = raw.MERCHANT_TOKEN;

export function openTestDatabase(driver: Driver): Promise<TestDatabase<OrdersSchema>> {
  return openDriverDatabase(driver, "orders", openOrdersDatabase);
}

/** What most orders specs run against, opened in one call and closed in one. */
export interface OrdersBench {
  /** The orders database on the driver asked for, its offers fed in as the catalog would. */
  db: OrdersDb;
  /** The real payments service. */
  payments: TestPayments;
  /** Redis through the Upstash bridge; undefined only when no Redis runs here (never with CI=true). */
  redis: Redis | undefined;
  close(): Promise<void>;
}

export async function openBench(driver: Driver, offers: readonly OfferSpec[]): Promise<OrdersBench> {
  const [payments, testRedis, database] = await Promise.all([startPayments(), startTestRedis(), openTestDatabase(driver)]);
  await seedOffers(database.db, offers);
  await seedDemoPromotions(database.db);
  return {
    db: database.db,
    payments,
    redis: testRedis?.redis,
    close: async () => {
      await payments.service.close();
      await testRedis?.close();
      await database.close();
    },
  };
}

/** The real payments service on a random port, and how the edge would get a card token from it. */
export interface TestPayments {
  url: string;
  service: RunningService;
  tokenize(card: string): Promise<string>;
}

export async function startPayments(): Promise<TestPayments> {
  // Payments refuses signed writes without Redis to remember their signatures in (replay protection).
  const bridge = await startReplayBridge();
  const paymentsRaw = loadEnv({ PAYMENTS_PORT: "0", HOST: "127.0.0.1", UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token });
  const started = await startPaymentsService({ env: serviceEnv("payments", paymentsRaw), memory: true });
  const service: RunningService = {
    ...started,
    close: async () => {
      await started.close();
      await bridge.close();
    },
  };
  return {
    url: service.url,
    service,
    async tokenize(card) {
      const year = new Date().getUTCFullYear() + 2;
      const res = await signedFetch(raw.EDGE_SIGNING_SECRET, service.url, "/payments/tokens", { json: { card, expMonth: 12, expYear: year, cvc: "123" } });
      if (res.status !== 201) throw new Error(`tokenize answered ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
  };
}

/** The payments client, counting the calls that reach it (one checkout must make one payment call). */
export interface CountingPayments extends PaymentsClient {
  calls: { create: number; confirm: number; cancel: number };
}

export function countingPayments(inner: PaymentsClient): CountingPayments {
  const calls = { create: 0, confirm: 0, cancel: 0 };
  return {
    calls,
    create: (input, requestId) => (calls.create++, inner.create(input, requestId)),
    confirm: (id, requestId) => (calls.confirm++, inner.confirm(id, requestId)),
    cancel: (id, requestId) => (calls.cancel++, inner.cancel(id, requestId)),
    refund: (...args) => inner.refund(...args),
    refunds: (...args) => inner.refunds(...args),
  };
}

export function paymentsClientFor(url: string): PaymentsClient {
  return httpPaymentsClient({ baseUrl: url, secret: raw.SERVICE_SIGNING_SECRET });
}

export interface TestRedis {
  redis: Redis;
  close(): Promise<void>;
}

/** Redis through the Upstash bridge, as the service reaches it; undefined when no Redis runs here. */
export async function startTestRedis(): Promise<TestRedis | undefined> {
  if (!(await redisAvailable())) return undefined;
  const bridge = await startUpstashBridge({ port: 0, token: "orders-test-token", redisUrl: TEST_REDIS_URL });
  return { redis: createRedis({ UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: "orders-test-token" }), close: () => bridge.close() };
}

export interface OfferSpec {
  variantId: string;
  price: number;
  stock?: number;
  active?: boolean;
}

/** Feeds offers in exactly as the catalog's `variant.upserted` events would. */
export async function seedOffers(db: OrdersDb, specs: readonly OfferSpec[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [i, s] of specs.entries()) {
      const payload = {
        variantId: s.variantId,
        productId: `prod-${s.variantId}`,
        productSlug: `product-${s.variantId}`,
        title: `Product ${s.variantId}`,
        sku: `SKU-${s.variantId}`,
        imageUrl: `/images/${s.variantId}.svg`,
        prices: { USD: s.price, EUR: s.price, GBP: s.price },
        active: s.active ?? true,
        ...(s.stock === undefined ? {} : { stockOnHand: s.stock }),
      };
      await applyCatalogEvent(tx, { seq: i + 1, type: "variant.upserted", subject: s.variantId, payload, createdAt: new Date().toISOString() });
    }
  });
}

/** The demo store's code promotions, fed in as the catalog's `promotion.upserted` events would. */
export async function seedDemoPromotions(db: OrdersDb): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [i, p] of DEMO_PROMOTIONS.entries()) {
      await applyCatalogEvent(tx, { seq: 100_000 + i, type: "promotion.upserted", subject: p.id, payload: p, createdAt: new Date().toISOString() });
    }
  });
}

export const ADDRESS = { name: "Ada Lovelace", line1: "1 Analytical Way", city: "London", postalCode: "N1 1AA", country: "GB" };

export function checkoutBody(token: string, lines: { variantId: string; quantity: number; unitPrice: number }[], extra: Record<string, unknown> = {}) {
  return { cartId: "cart-1", owner: { sessionId: "session-1" }, currency: "USD", email: "ada@example.com", shippingAddress: ADDRESS, lines, promotionCodes: [], paymentToken: token, ...extra };
}

export type OrdersApp = ReturnType<typeof createOrdersApp>;

export function ordersApp(db: OrdersDb, payments: PaymentsClient, redis?: Redis, waitMs?: number): OrdersApp {
  return createOrdersApp({ db, payments, signingSecrets: [EDGE_SECRET], merchant: { edgeSecrets: [EDGE_SECRET], legacyToken: MERCHANT_TOKEN }, redis, redisScope: `${redisTestPrefix()}orders:checkout`, ...(waitMs ? { waitMs } : {}) });
}

/** A request signed as the edge signs it. */
export async function call(app: OrdersApp, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const text = body === undefined ? "" : JSON.stringify(body);
  const signed = await signRequest(EDGE_SECRET, method, path, text, { idempotencyKey: headers["idempotency-key"] });
  return app.request(path, { method, headers: { ...headers, ...signed, ...(body === undefined ? {} : { "content-type": "application/json" }) }, ...(body === undefined ? {} : { body: text }) });
}

/** A merchant route called as the specs call them: with the legacy merchant token, which counts as the owner. */
export async function merchantRequest(app: OrdersApp, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return app.request(path, {
    method,
    headers: { authorization: `Bearer ${MERCHANT_TOKEN}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

export function postCheckout(app: OrdersApp, key: string | undefined, body: unknown): Promise<Response> {
  return call(app, "POST", "/orders/checkout", body, key === undefined ? {} : { "idempotency-key": key });
}

export async function stockOf(db: OrdersDb, variantId: string): Promise<number | undefined> {
  return availableUnits(db, variantId);
}

export async function eventsAbout(db: OrdersDb, subject: string): Promise<{ type: string; payload: unknown }[]> {
  return db.select({ type: outbox.type, payload: outbox.payload }).from(outbox).where(eq(outbox.subject, subject)).orderBy(asc(outbox.seq));
}

export async function errorOf(res: Response): Promise<{ code: string; message: string; details?: unknown }> {
  return ((await res.json()) as { error: { code: string; message: string; details?: unknown } }).error;
}
