import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadEnv, serviceEnv } from "../../shared/env.ts";
import { createRedis } from "../../shared/redis.ts";
import { listen, type RunningServer } from "../../shared/server.ts";
import { confirmPayment } from "../actions.ts";
import { createPaymentsApp } from "../app.ts";
import { createPayment } from "../create-payment.ts";
import { TEST_CARDS } from "../providers/sandbox-cards.ts";
import { SandboxProvider } from "../providers/sandbox.ts";
import { SandboxWebhookDispatcher, type WebhookDeliveryOptions } from "../providers/sandbox-webhooks.ts";
import { sandboxWebhookEvents, webhookReceipts } from "../schema.ts";
import { availableDrivers, capturesFor, CARD, eventsFor, openTestDatabase, type OpenedDatabase } from "./harness.ts";

const drivers = await availableDrivers();
const env = serviceEnv("payments", loadEnv({ PAYMENTS_PORT: "0" }));
const secret = env.raw.PAYMENTS_WEBHOOK_SECRET;

/**
 * The sandbox's deliveries go through a relay in front of the service that can refuse the first
 * few and counts what passes, so retries and duplicate deliveries can be watched.
 */
describe.each(drivers)("sandbox webhook delivery (%s)", (driver) => {
  let database: OpenedDatabase;
  let server: RunningServer;
  let relay: RunningServer;
  let refuseNext = 0;
  let delivered = 0;
  let dispatcher: SandboxWebhookDispatcher | undefined;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    const provider = new SandboxProvider({ db: database.db, webhookSecret: secret, onEvent: () => dispatcher?.kick() });
    // Webhooks carry the provider's signature, not ours: no signed write is sent, so Redis is never asked.
    server = await listen(createPaymentsApp({ db: database.db, provider, env, redis: createRedis(env.raw) }), 0);
    relay = await listen({
      fetch: async (req: Request) => {
        if (refuseNext > 0) {
          refuseNext--;
          return new Response("try later", { status: 503 });
        }
        delivered++;
        return fetch(`http://127.0.0.1:${server.port}/webhooks/sandbox`, { method: "POST", headers: req.headers, body: await req.text() });
      },
    }, 0);
  });
  afterEach(async () => {
    await dispatcher?.stop();
    dispatcher = undefined;
  });
  afterAll(async () => {
    await relay.close();
    await server.close();
    await database.close();
  });

  function deliver(options: WebhookDeliveryOptions): SandboxProvider {
    dispatcher = new SandboxWebhookDispatcher(database.db, secret, { delayMs: 1, backoffMs: 20, sweepIntervalMs: 50, ...options });
    dispatcher.start(`http://127.0.0.1:${relay.port}/`);
    return new SandboxProvider({ db: database.db, webhookSecret: secret, onEvent: () => dispatcher?.kick() });
  }

  async function chargeFor(provider: SandboxProvider, card: string) {
    const method = await provider.tokenize({ number: card, ...CARD });
    return provider.createPayment({ reference: `pay_${crypto.randomUUID().replaceAll("-", "")}`, amount: 100, currency: "USD", token: method.token });
  }

  async function eventOf(chargeId: string) {
    for (let i = 0; i < 200; i++) {
      const [row] = await database.db.select().from(sandboxWebhookEvents).where(eq(sandboxWebhookEvents.chargeId, chargeId));
      if (row && row.state !== "pending") return row;
      await sleep(10);
    }
    throw new Error("event still pending");
  }

  it("posts each event a few ms after the change, signed so the service accepts it", async () => {
    const provider = deliver({ duplicateRate: 0 });
    const before = delivered;
    const charge = await chargeFor(provider, TEST_CARDS.succeeds);
    const event = await eventOf(charge.ref);
    expect(event).toMatchObject({ state: "delivered", attempts: 1, type: "charge.succeeded" });
    expect(delivered - before).toBe(1);
    expect(await database.db.select().from(webhookReceipts).where(eq(webhookReceipts.eventId, event.id))).toHaveLength(1);
  });

  it("retries a refused delivery with backoff until it gets through", async () => {
    const provider = deliver({ duplicateRate: 0 });
    refuseNext = 2;
    const charge = await chargeFor(provider, TEST_CARDS.declined);
    expect(await eventOf(charge.ref)).toMatchObject({ state: "delivered", attempts: 3, lastError: null });
  });

  it("gives up after the last attempt and keeps the reason", async () => {
    const provider = deliver({ duplicateRate: 0, maxAttempts: 3 });
    refuseNext = 3;
    const charge = await chargeFor(provider, TEST_CARDS.succeeds);
    expect(await eventOf(charge.ref)).toMatchObject({ state: "failed", attempts: 3, lastError: "HTTP 503" });
  });

  it("delivers events stored before it started (a restart loses none)", async () => {
    const offline = new SandboxProvider({ db: database.db, webhookSecret: secret });
    const charge = await chargeFor(offline, TEST_CARDS.succeeds);
    await sleep(30);
    expect((await database.db.select().from(sandboxWebhookEvents).where(eq(sandboxWebhookEvents.chargeId, charge.ref)))[0]?.state).toBe("pending");
    deliver({ duplicateRate: 0 });
    expect(await eventOf(charge.ref)).toMatchObject({ state: "delivered" });
  });

  it("sometimes delivers an event twice; the service applies it once and captures once", async () => {
    const provider = deliver({ duplicateRate: 1 });
    const deps = { db: database.db, provider };
    const before = delivered;
    const { token } = await provider.tokenize({ number: TEST_CARDS.requiresAction, ...CARD });
    const { payment } = await createPayment(deps, "ord-twice", { orderId: "ord-twice", amount: 100, currency: "USD", token });
    await confirmPayment(deps, payment.id);
    for (let i = 0; i < 200 && delivered - before < 4; i++) await sleep(10);
    expect(delivered - before).toBe(4);
    expect(await database.db.select().from(webhookReceipts).where(eq(webhookReceipts.paymentId, payment.id))).toHaveLength(2);
    expect(await capturesFor(database.db, payment.id)).toBe(1);
    expect((await eventsFor(database.db, payment.id)).map((e) => e.type)).toEqual(["payment.requires_action", "payment.succeeded"]);
  });
});
