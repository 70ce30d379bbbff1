import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "../../../platform/http.ts";
import { completeIdempotencyKey } from "../../shared/idempotency.ts";
import { redisTestPrefix } from "../../shared/testing.ts";
import { createOrdersApp } from "../app.ts";
import { checkoutFingerprint } from "../checkout.ts";
import { checkoutRequestSchema, type CheckoutResponse } from "../../../contracts/orders/api.ts";
import { PAYMENT_LEASE_MS } from "../payment-step.ts";
import { orders } from "../schema.ts";
import { orderRowByKey } from "../order-store.ts";
import { checkoutBody, countingPayments, EDGE_SECRET, MERCHANT_TOKEN, errorOf, openBench, ordersApp, paymentsClientFor, postCheckout, stockOf, TEST_CARDS, type OrdersBench } from "./harness.ts";

/**
 * Checkout across a payments outage: the order commits, paying fails with a retryable 503, and
 * the same checkout sent again picks up at the payment step, with the card of the first attempt.
 */
describe("checkout recovering from outages and stale state", () => {
  let t: OrdersBench;
  beforeAll(async () => {
    t = await openBench("pglite", [{ variantId: "kettle", price: 4000, stock: 10 }]);
  });
  afterAll(() => t.close());

  it("keeps the order and its units, answers 503, and resumes the payment on retry", async () => {
    // Nothing listens on port 1: every call to payments is refused, as with a dead service.
    const down = ordersApp(t.db, paymentsClientFor("http://127.0.0.1:1"), t.redis);
    const body = checkoutBody(await t.payments.tokenize(TEST_CARDS.succeeds), [{ variantId: "kettle", quantity: 2, unitPrice: 4000 }]);
    const failed = await postCheckout(down, "outage-1", body);
    expect(failed.status).toBe(503);
    expect((await errorOf(failed)).code).toBe("PAYMENT_UNAVAILABLE");
    const pending = await orderRowByKey(t.db, "outage-1");
    expect(pending).toMatchObject({ status: "pending_payment", paymentId: null });
    expect(await stockOf(t.db, "kettle")).toBe(8);

    const client = countingPayments(paymentsClientFor(t.payments.url));
    const up = ordersApp(t.db, client, t.redis);
    // The retry brings a fresh token for a card that would be declined; the first attempt's card pays.
    const retried = await postCheckout(up, "outage-1", { ...body, paymentToken: await t.payments.tokenize(TEST_CARDS.declined) });
    expect(retried.status).toBe(200);
    const { order } = (await retried.json()) as CheckoutResponse;
    expect(order).toMatchObject({ id: pending?.id, status: "paid", payment: { status: "succeeded", last4: "4242" } });
    expect(client.calls.create).toBe(1);
    expect(await stockOf(t.db, "kettle")).toBe(8);
  });

  it("takes over from a checkout that died holding the payment lease, once the lease runs out", async () => {
    const down = ordersApp(t.db, paymentsClientFor("http://127.0.0.1:1"));
    const body = checkoutBody(await t.payments.tokenize(TEST_CARDS.succeeds), [{ variantId: "kettle", quantity: 1, unitPrice: 4000 }]);
    expect((await postCheckout(down, "dead-holder-1", body)).status).toBe(503);
    // As if a process took the lease half a second before its lease ran out, and then died.
    await t.db
      .update(orders)
      .set({ paymentAttemptAt: new Date(Date.now() - PAYMENT_LEASE_MS + 500) })
      .where(eq(orders.idempotencyKey, "dead-holder-1"));
    const started = Date.now();
    const res = await postCheckout(ordersApp(t.db, paymentsClientFor(t.payments.url)), "dead-holder-1", body);
    expect(((await res.json()) as CheckoutResponse).order.status).toBe("paid");
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(await stockOf(t.db, "kettle")).toBe(7);
  });

  it("trusts the database over a Redis record of an order it does not have (a reset database)", async () => {
    if (!t.redis) throw new Error("this spec needs Redis");
    const scope = `${redisTestPrefix()}orders:checkout`;
    const body = checkoutBody(await t.payments.tokenize(TEST_CARDS.succeeds), [{ variantId: "kettle", quantity: 1, unitPrice: 4000 }]);
    await completeIdempotencyKey(t.redis, scope, "remembered-1", checkoutFingerprint(parse(checkoutRequestSchema, body)), { status: 200, body: { orderId: "ord_forgottenlongago00" } }, 60_000);
    const app = createOrdersApp({ db: t.db, payments: paymentsClientFor(t.payments.url), signingSecrets: [EDGE_SECRET], merchant: { edgeSecrets: [EDGE_SECRET], legacyToken: MERCHANT_TOKEN }, redis: t.redis, redisScope: scope });
    const res = await postCheckout(app, "remembered-1", body);
    expect(res.status).toBe(201);
    expect(((await res.json()) as CheckoutResponse).order.status).toBe("paid");
    await postCheckout(app, "remembered-1", body);
    expect(await stockOf(t.db, "kettle")).toBe(6);
  });

  it("fails the order and releases its units when payments refuses the token outright", async () => {
    const app = ordersApp(t.db, paymentsClientFor(t.payments.url), t.redis);
    const res = await postCheckout(app, "bad-token-1", checkoutBody("tok_neverissued000", [{ variantId: "kettle", quantity: 1, unitPrice: 4000 }]));
    expect(res.status).toBe(201);
    const { order } = (await res.json()) as CheckoutResponse;
    expect(order.status).toBe("payment_failed");
    expect(order.payment).toBeNull();
    expect(await stockOf(t.db, "kettle")).toBe(6);
  });
});
