import { Hono } from "hono";
import { afterAll, beforeAll } from "vitest";
import type { Actor } from "../../../contracts/admin/actor.ts";
import type { WebhookDelivery, WebhookDeliveryDetail, WebhookEndpoint, WebhookEventType } from "../../../contracts/admin/webhooks-api.ts";
import { ORDER_CREATED, ORDER_PAID, type OrderCreated, type OrderStatusChanged } from "../../../contracts/orders/events.ts";
import { DEFAULT_BACKOFF, type BackoffPolicy } from "../../../domain/webhooks/backoff.ts";
import { onError } from "../../../platform/http.ts";
import { feedRoute } from "../../shared/feed-route.ts";
import { appendEvent } from "../../shared/outbox.ts";
import { listen, requireSignature, type RunningServer } from "../../shared/server.ts";
import { openOutboxDatabase, outboxSchema } from "../../shared/test/outbox-db.ts";
import type { DatabaseHandle } from "../../shared/db.ts";
import { WebhookDispatcher, type DispatcherOptions } from "../webhooks/dispatcher.ts";
import { createOrdersWebhookConsumer } from "../webhooks/feed.ts";
import { openTestDatabase, type Driver, type TestDatabase } from "./databases.ts";
import { callAs, json, startTestRedis, testApp, type TestRedis } from "./harness.ts";
import { startReceiver, type Receiver } from "./webhook-receiver.ts";

/**
 * The webhook specs' world: the customers service's app and database, a real orders-style outbox
 * served as a signed feed over HTTP (feedRoute, as the orders service serves it), and a real HTTP
 * receiver on 127.0.0.1. Consumers and dispatchers are made per test, as processes would be.
 */
export const OWNER: Actor = { kind: "staff", id: "owner-webhooks", email: "owner@example.com", role: "owner" };
const FEED_SECRET = "webhooks-test-service-secret";
/** Retries within milliseconds, so a spec can watch a schedule play out. */
export const FAST_BACKOFF: BackoffPolicy = { ...DEFAULT_BACKOFF, baseMs: 40, maxMs: 200, jitter: 0 };

export interface WebhookWorld {
  readonly t: TestDatabase;
  readonly app: ReturnType<typeof testApp>;
  readonly receiver: Receiver;
  /** Publishes an event on the orders feed, as the orders service's outbox would. */
  publish(type: string, payload: unknown): Promise<number>;
  consumer(): ReturnType<typeof createOrdersWebhookConsumer>;
  dispatcher(options?: Partial<DispatcherOptions>): WebhookDispatcher;
  createEndpoint(url: string, events: WebhookEventType[]): Promise<{ endpoint: WebhookEndpoint; secret: string }>;
  deliveries(endpointId: string): Promise<WebhookDelivery[]>;
  delivery(id: string): Promise<WebhookDeliveryDetail>;
}

export function webhookWorld(driver: Driver, options: { allowPrivate: boolean } = { allowPrivate: true }): WebhookWorld {
  let t: TestDatabase | undefined;
  let redis: TestRedis | undefined;
  let orders: DatabaseHandle<typeof outboxSchema> | undefined;
  let feed: RunningServer | undefined;
  let receiver: Receiver | undefined;
  let app: ReturnType<typeof testApp> | undefined;
  beforeAll(async () => {
    [t, redis, orders, receiver] = await Promise.all([openTestDatabase(driver), startTestRedis(), openOutboxDatabase(outboxSchema), startReceiver()]);
    const feedApp = new Hono();
    feedApp.onError(onError);
    feedRoute(feedApp, orders.db, requireSignature([FEED_SECRET]));
    feed = await listen(feedApp, 0);
    app = testApp(t.db, redis.redis, undefined, { webhooksAllowPrivate: options.allowPrivate });
  });
  afterAll(async () => {
    await Promise.all([t?.close(), redis?.close(), orders?.close(), feed?.close(), receiver?.close()]);
  });
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the webhook world is opened in beforeAll");
    return value;
  };
  const world: WebhookWorld = {
    get t() {
      return need(t);
    },
    get app() {
      return need(app);
    },
    get receiver() {
      return need(receiver);
    },
    publish: (type, payload) => need(orders).db.transaction((tx) => appendEvent(tx, type, "subject", payload)),
    consumer: () => createOrdersWebhookConsumer({ db: need(t).db, baseUrl: `http://127.0.0.1:${need(feed).port}`, secret: FEED_SECRET }),
    dispatcher: (extra = {}) => new WebhookDispatcher({ db: need(t).db, policy: { allowPrivate: options.allowPrivate }, backoff: FAST_BACKOFF, timeoutMs: 2_000, ...extra }),
    async createEndpoint(url, events) {
      const res = await callAs(world.app, OWNER, "POST", "/merchant/webhooks/endpoints", { url, events });
      if (res.status !== 201) throw new Error(`creating an endpoint answered ${res.status}: ${await res.text()}`);
      return json(res);
    },
    async deliveries(endpointId) {
      const res = await callAs(world.app, OWNER, "GET", `/merchant/webhooks/deliveries?endpoint=${endpointId}&limit=200`);
      return (await json<{ deliveries: WebhookDelivery[] }>(res)).deliveries;
    },
    async delivery(id) {
      return (await json<{ delivery: WebhookDeliveryDetail }>(await callAs(world.app, OWNER, "GET", `/merchant/webhooks/deliveries/${id}`))).delivery;
    },
  };
  return world;
}

export const orderCreated = (orderId: string): OrderCreated => ({ orderId, customerId: null, currency: "USD", total: 2500, lines: [{ variantId: "var_1", quantity: 1, unitPrice: 2500 }] });
export const orderPaid = (orderId: string): OrderStatusChanged => ({ orderId, status: "paid", previousStatus: "pending_payment", currency: "USD", total: 2500, paymentId: "pay_1" });
export { ORDER_CREATED, ORDER_PAID };

/** Waits until `check` holds (polling), or fails after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
