import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { WebhookDeliveryDetail } from "../../../contracts/admin/webhooks-api.ts";
import { ORDER_CANCELLED, ORDER_FULFILLED, ORDER_REFUNDED, STOCK_CHANGED, type OrderRefunded } from "../../../contracts/orders/events.ts";
import { verifyEdgeshopSignature } from "../../../domain/webhooks/signature.ts";
import { auditLog, webhookDeliveries, webhookEndpoints } from "../schema.ts";
import { queueFeedPage } from "../webhooks/feed.ts";
import type { OutboxEvent } from "../../shared/outbox.ts";
import { availableDrivers } from "./databases.ts";
import { callAs, json } from "./harness.ts";
import { eventually, FAST_BACKOFF, ORDER_CREATED, ORDER_PAID, orderCreated, orderPaid, OWNER, webhookWorld } from "./webhook-fixtures.ts";

/**
 * Webhook deliveries end to end: events published on the orders feed become deliveries in the
 * transaction that moves the cursor, and dispatchers POST them, signed, to a real receiver on
 * 127.0.0.1; retried on failure, once per event across restarts, replayable.
 */
const drivers = await availableDrivers();
const refunded = (orderId: string): OrderRefunded => ({ orderId, paymentId: "pay_1", refundId: `ref_${orderId}`, amount: 500, currency: "USD", refundedTotal: 500, status: "paid" });

describe.each(drivers)("webhook deliveries (%s)", (driver) => {
  const world = webhookWorld(driver);
  const bodiesAt = (path: string) => world.receiver.received.filter((r) => r.path === path);

  it("delivers the subscribed events of the feed, signed with the endpoint's secret, and nothing else", async () => {
    const { endpoint, secret } = await world.createEndpoint(world.receiver.url("/signed"), [ORDER_CREATED, ORDER_PAID]);
    const created = await world.publish(ORDER_CREATED, orderCreated("ord_1"));
    await world.publish(STOCK_CHANGED, { variantId: "var_1", available: 3 });
    await world.publish(ORDER_CANCELLED, { ...orderPaid("ord_0"), status: "cancelled" });
    const paid = await world.publish(ORDER_PAID, orderPaid("ord_1"));

    await world.consumer().pollOnce();
    expect((await world.deliveries(endpoint.id)).map((d) => [d.type, d.eventId, d.status])).toEqual([
      [ORDER_PAID, `evt_orders_${paid}`, "pending"],
      [ORDER_CREATED, `evt_orders_${created}`, "pending"],
    ]);

    await world.dispatcher().runOnce();
    const received = bodiesAt("/signed");
    expect(received).toHaveLength(2);
    for (const request of received) {
      expect(await verifyEdgeshopSignature(secret, request.headers["edgeshop-signature"] as string, request.body)).toMatchObject({ ok: true });
      const body = JSON.parse(request.body) as { id: string; type: string; created: number; data: { orderId: string } };
      expect(request.headers["edgeshop-event-id"]).toBe(body.id);
      expect(request.headers["content-type"]).toBe("application/json");
      expect(body.data.orderId).toBe("ord_1");
      expect(Math.abs(body.created - Date.now() / 1000)).toBeLessThan(60);
    }
    expect(received.map((r) => (JSON.parse(r.body) as { type: string }).type).sort()).toEqual([ORDER_CREATED, ORDER_PAID]);
    const log = await world.deliveries(endpoint.id);
    expect(log.map((d) => [d.status, d.attempts, d.lastResponseCode, d.nextAttemptAt])).toEqual([
      ["succeeded", 1, 200, null],
      ["succeeded", 1, 200, null],
    ]);
  });

  it("queues a page of mixed events once per subscribed endpoint, in feed order, and skips a payload that breaks the contract", async () => {
    const { endpoint: orders } = await world.createEndpoint(world.receiver.url("/mixed-orders"), [ORDER_CREATED, ORDER_PAID]);
    const { endpoint: money } = await world.createEndpoint(world.receiver.url("/mixed-money"), [ORDER_PAID, ORDER_REFUNDED]);
    const created = await world.publish(ORDER_CREATED, orderCreated("ord_m1"));
    await world.publish(STOCK_CHANGED, { variantId: "var_1", available: 2 });
    const paid = await world.publish(ORDER_PAID, orderPaid("ord_m1"));
    const refund = await world.publish(ORDER_REFUNDED, refunded("ord_m1"));
    await world.publish(ORDER_PAID, { orderId: 42 });
    const again = await world.publish(ORDER_CREATED, orderCreated("ord_m2"));

    const consumer = world.consumer();
    await consumer.pollOnce();
    expect(consumer.rejected).toBe(1);
    await world.consumer().pollOnce();
    // The log is newest first.
    expect((await world.deliveries(orders.id)).map((d) => [d.type, d.eventId])).toEqual([
      [ORDER_CREATED, `evt_orders_${again}`],
      [ORDER_PAID, `evt_orders_${paid}`],
      [ORDER_CREATED, `evt_orders_${created}`],
    ]);
    expect((await world.deliveries(money.id)).map((d) => [d.type, d.eventId])).toEqual([
      [ORDER_REFUNDED, `evt_orders_${refund}`],
      [ORDER_PAID, `evt_orders_${paid}`],
    ]);
    const [refundDelivery] = await world.deliveries(money.id);
    expect((await world.delivery(refundDelivery?.id ?? "")).request.data).toEqual(refunded("ord_m1"));
  });

  it("sends an endpoint only what happened after it was registered, even when the feed is read late", async () => {
    await world.publish(ORDER_REFUNDED, refunded("ord_before"));
    const { endpoint } = await world.createEndpoint(world.receiver.url("/late"), [ORDER_REFUNDED]);
    await world.publish(ORDER_REFUNDED, refunded("ord_after"));
    await world.consumer().pollOnce();
    const deliveries = await world.deliveries(endpoint.id);
    expect(deliveries).toHaveLength(1);
    expect((await world.delivery(deliveries[0]?.id ?? "")).request.data).toMatchObject({ orderId: "ord_after" });
  });

  it("sends an endpoint an event of the very millisecond it was registered in (event times travel in milliseconds)", async () => {
    const registered = "2026-12-03 10:00:00.123456+00";
    await world.t.db.insert(webhookEndpoints).values({ id: "we_same_ms", url: world.receiver.url("/same-ms"), events: [ORDER_PAID], secret: "whsec_same_ms", createdAt: sql`${registered}::timestamptz` });
    const event: OutboxEvent = { seq: 987_654, type: ORDER_PAID, subject: "ord_same_ms", payload: orderPaid("ord_same_ms"), createdAt: "2026-12-03T10:00:00.123Z" };
    await world.t.db.transaction((tx) => queueFeedPage(tx, [event]));
    expect((await world.deliveries("we_same_ms")).map((d) => d.eventId)).toEqual(["evt_orders_987654"]);
    // A millisecond earlier is before its registration: not sent.
    await world.t.db.transaction((tx) => queueFeedPage(tx, [{ ...event, seq: 987_653, createdAt: "2026-12-03T10:00:00.122Z" }]));
    expect(await world.deliveries("we_same_ms")).toHaveLength(1);
  });

  it("retries a receiver that answers 500 on the backoff schedule, then records its 200", async () => {
    const { endpoint } = await world.createEndpoint(world.receiver.url("/flaky"), [ORDER_PAID]);
    world.receiver.answer("/flaky", 500, 503);
    await world.publish(ORDER_PAID, orderPaid("ord_flaky"));
    await world.consumer().pollOnce();
    const backoff = { ...FAST_BACKOFF, baseMs: 300, maxMs: 600 };
    const dispatcher = world.dispatcher({ backoff });

    await dispatcher.runOnce();
    const [first] = await world.deliveries(endpoint.id);
    expect(first).toMatchObject({ status: "retrying", attempts: 1, lastResponseCode: 500, lastError: "the receiver answered 500" });
    const wait = Date.parse(first?.nextAttemptAt ?? "") - Date.parse(first?.lastAttemptAt ?? "");
    expect(wait).toBeGreaterThanOrEqual(backoff.baseMs - 1);
    // Not before its time: a poll now sends nothing.
    expect(await dispatcher.runOnce()).toBe(0);

    await eventually(async () => (await dispatcher.runOnce(), (await world.deliveries(endpoint.id))[0]?.status === "succeeded"));
    const [done] = await world.deliveries(endpoint.id);
    expect(done).toMatchObject({ attempts: 3, lastResponseCode: 200, lastError: null, nextAttemptAt: null });
    const bodies = bodiesAt("/flaky").map((r) => r.body);
    expect(bodies).toHaveLength(3);
    expect(new Set(bodies.map((b) => (JSON.parse(b) as { id: string }).id)).size).toBe(1);
  });

  it("does not follow a redirect and gives up on a receiver that does not answer in time: both are retried", async () => {
    const moved = await world.createEndpoint(world.receiver.url("/moved"), [ORDER_FULFILLED]);
    const silent = await world.createEndpoint(world.receiver.url("/silent"), [ORDER_FULFILLED]);
    world.receiver.answer("/moved", 302);
    world.receiver.hang("/silent");
    const fulfilled = { orderId: "ord_f", fulfilmentId: "ful_1", carrier: "UPS", trackingNumber: "1Z", lines: [{ position: 0, variantId: "var_1", quantity: 1 }], complete: true };
    await world.publish(ORDER_FULFILLED, fulfilled);
    await world.consumer().pollOnce();
    const started = Date.now();
    await world.dispatcher({ timeoutMs: 300, backoff: { ...FAST_BACKOFF, baseMs: 60_000, maxMs: 60_000 } }).runOnce();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await world.deliveries(moved.endpoint.id))[0]).toMatchObject({ status: "retrying", lastResponseCode: 302, lastError: "the receiver answered 302" });
    expect((await world.deliveries(silent.endpoint.id))[0]).toMatchObject({ status: "retrying", lastResponseCode: null, lastError: "no answer within 300 ms" });
    expect(world.receiver.received.filter((r) => r.path === "/elsewhere")).toHaveLength(0);
  });

  it("fails a delivery for good once retrying would go past the give-up time", async () => {
    const { endpoint } = await world.createEndpoint(world.receiver.url("/down"), [ORDER_PAID]);
    world.receiver.answer("/down", 500);
    await world.publish(ORDER_PAID, orderPaid("ord_down"));
    await world.consumer().pollOnce();
    await world.dispatcher({ backoff: { ...FAST_BACKOFF, giveUpAfterMs: 0 } }).runOnce();
    expect((await world.deliveries(endpoint.id))[0]).toMatchObject({ status: "failed", attempts: 1, lastResponseCode: 500, nextAttemptAt: null });
  });

  it("loses nothing and sends nothing twice across restarts and with two dispatchers at once", async () => {
    const { endpoint } = await world.createEndpoint(world.receiver.url("/restart"), [ORDER_CREATED]);
    for (let i = 0; i < 6; i++) await world.publish(ORDER_CREATED, orderCreated(`ord_r${i}`));
    // A consumer applies the page; a restarted one (a new process) finds nothing more to queue.
    await world.consumer().pollOnce();
    await world.consumer().pollOnce();
    const queued = await world.deliveries(endpoint.id);
    expect(queued).toHaveLength(6);

    // A dispatcher died holding two claims: they wait for its lease to lapse, the rest go now.
    const dead = queued.slice(0, 2).map((d) => d.id);
    for (const id of dead) await world.t.db.update(webhookDeliveries).set({ leaseOwner: "dead-dispatcher", leaseUntil: new Date(Date.now() + 2_000) }).where(eq(webhookDeliveries.id, id));
    const [a, b] = [world.dispatcher({ batchSize: 1 }), world.dispatcher({ batchSize: 1 })];
    await Promise.all([a.runOnce(), b.runOnce()]);
    expect(bodiesAt("/restart")).toHaveLength(4);
    await eventually(async () => (await Promise.all([a.runOnce(), b.runOnce()]), bodiesAt("/restart").length === 6), 10_000);
    await Promise.all([a.runOnce(), b.runOnce()]);

    const ids = bodiesAt("/restart").map((r) => (JSON.parse(r.body) as { id: string }).id);
    expect(new Set(ids).size).toBe(6);
    expect(ids).toHaveLength(6);
    expect((await world.deliveries(endpoint.id)).every((d) => d.status === "succeeded" && d.attempts === 1)).toBe(true);
  });

  it("replays a delivery as a new one with the same event id, once per Idempotency-Key, and audits it", async () => {
    const { endpoint } = await world.createEndpoint(world.receiver.url("/replay"), [ORDER_PAID]);
    await world.publish(ORDER_PAID, orderPaid("ord_replay"));
    await world.consumer().pollOnce();
    await world.dispatcher().runOnce();
    const [original] = await world.deliveries(endpoint.id);
    if (!original) throw new Error("no delivery");

    const replay = (key: string) => callAs(world.app, OWNER, "POST", `/merchant/webhooks/deliveries/${original.id}/replay`, undefined, key);
    const first = await replay("click-1");
    expect(first.status).toBe(202);
    const again = await replay("click-1");
    const [one, two] = [(await json<{ delivery: WebhookDeliveryDetail }>(first)).delivery, (await json<{ delivery: WebhookDeliveryDetail }>(again)).delivery];
    expect(two.id).toBe(one.id);
    expect(one).toMatchObject({ eventId: original.eventId, replayOf: original.id, status: "pending", attempts: 0 });

    await world.dispatcher().runOnce();
    const bodies = bodiesAt("/replay").map((r) => r.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toBe(bodies[0]);
    expect((await world.delivery(one.id)).status).toBe("succeeded");
    const audits = await world.t.db.select().from(auditLog).where(eq(auditLog.action, "webhook.replay"));
    expect(audits.filter((a) => a.target === `webhook:${endpoint.id}`)).toHaveLength(1);
  });

  it("sends a signed webhook.test event on request, whatever the endpoint subscribes to", async () => {
    const { endpoint, secret } = await world.createEndpoint(world.receiver.url("/test-event"), [ORDER_PAID]);
    const res = await callAs(world.app, OWNER, "POST", `/merchant/webhooks/endpoints/${endpoint.id}/test`, undefined, "test-1");
    expect(res.status).toBe(202);
    await world.dispatcher().runOnce();
    const [request] = bodiesAt("/test-event");
    expect(JSON.parse(request?.body ?? "{}")).toMatchObject({ type: "webhook.test", data: { endpointId: endpoint.id } });
    expect((await verifyEdgeshopSignature(secret, request?.headers["edgeshop-signature"] as string, request?.body ?? "")).ok).toBe(true);
  });

  it("signs with the rotated secret from the rotation on, and sends nothing to a disabled or deleted endpoint", async () => {
    const { endpoint, secret: old } = await world.createEndpoint(world.receiver.url("/rotated"), [ORDER_PAID]);
    const rotated = await json<{ secret: string }>(await callAs(world.app, OWNER, "POST", `/merchant/webhooks/endpoints/${endpoint.id}/rotate-secret`));
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(old);
    await world.publish(ORDER_PAID, orderPaid("ord_rotated"));
    await world.consumer().pollOnce();
    await world.dispatcher().runOnce();
    const [request] = bodiesAt("/rotated");
    const header = request?.headers["edgeshop-signature"] as string;
    expect((await verifyEdgeshopSignature(rotated.secret, header, request?.body ?? "")).ok).toBe(true);
    expect((await verifyEdgeshopSignature(old, header, request?.body ?? "")).ok).toBe(false);

    expect((await callAs(world.app, OWNER, "PATCH", `/merchant/webhooks/endpoints/${endpoint.id}`, { enabled: false })).status).toBe(200);
    await world.publish(ORDER_PAID, orderPaid("ord_while_disabled"));
    await world.consumer().pollOnce();
    expect(await world.deliveries(endpoint.id)).toHaveLength(1);

    // A delivery queued before the endpoint went away fails, visibly, instead of being sent.
    const queued = await callAs(world.app, OWNER, "POST", `/merchant/webhooks/endpoints/${endpoint.id}/test`);
    const { delivery } = await json<{ delivery: WebhookDeliveryDetail }>(queued);
    expect((await callAs(world.app, OWNER, "DELETE", `/merchant/webhooks/endpoints/${endpoint.id}`)).status).toBe(200);
    await world.dispatcher().runOnce();
    expect(await world.delivery(delivery.id)).toMatchObject({ status: "failed", lastError: "the endpoint is disabled or deleted" });
    expect(bodiesAt("/rotated")).toHaveLength(1);
  });
});
