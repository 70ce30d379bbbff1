import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepAbandonedOrders } from "../abandoned.ts";
import type { CheckoutResponse } from "../../../contracts/orders/api.ts";
import type { OrdersDb } from "../db.ts";
import { orderRowByKey } from "../order-store.ts";
import { orders } from "../schema.ts";
import { call, checkoutBody, eventsAbout, openBench, ordersApp, paymentsClientFor, postCheckout, stockOf, TEST_CARDS, type OrdersApp, type OrdersBench } from "./harness.ts";

/**
 * Orders left waiting for payment are cancelled after a while, so the units they hold go back
 * on sale; a payment still waiting for the shopper is cancelled at payments first.
 */
describe("sweeping abandoned orders", () => {
  let t: OrdersBench;
  let db: OrdersDb;
  let app: OrdersApp;
  const sweep = () => sweepAbandonedOrders({ db, payments: paymentsClientFor(t.payments.url) }, 0, Date.now() + 1_000);

  beforeAll(async () => {
    t = await openBench("pglite", [{ variantId: "chair", price: 8000, stock: 10 }]);
    db = t.db;
    app = ordersApp(db, paymentsClientFor(t.payments.url));
  });
  afterAll(() => t.close());

  it("cancels an order whose checkout never reached payments, and gives its units back", async () => {
    const down = ordersApp(db, paymentsClientFor("http://127.0.0.1:1"));
    const res = await postCheckout(down, "abandoned-1", checkoutBody(await t.payments.tokenize(TEST_CARDS.succeeds), [{ variantId: "chair", quantity: 3, unitPrice: 8000 }]));
    expect(res.status).toBe(503);
    const row = await orderRowByKey(db, "abandoned-1");
    // A checkout retried just now holds the payment lease: the sweep must leave that order alone.
    await db.update(orders).set({ paymentAttemptAt: new Date() }).where(eq(orders.idempotencyKey, "abandoned-1"));
    await sweep();
    expect((await orderRowByKey(db, "abandoned-1"))?.status).toBe("pending_payment");
    await db.update(orders).set({ paymentAttemptAt: null }).where(eq(orders.idempotencyKey, "abandoned-1"));
    expect(await stockOf(db, "chair")).toBe(7);
    await sweep();
    expect((await orderRowByKey(db, "abandoned-1"))?.status).toBe("cancelled");
    expect(await stockOf(db, "chair")).toBe(10);
    expect((await eventsAbout(db, row?.id ?? "")).map((e) => e.type)).toEqual(["order.created", "order.cancelled"]);
  });

  it("cancels a payment left at the extra step, so it can no longer be confirmed", async () => {
    const res = await postCheckout(app, "abandoned-2", checkoutBody(await t.payments.tokenize(TEST_CARDS.requiresAction), [{ variantId: "chair", quantity: 1, unitPrice: 8000 }]));
    const { order } = (await res.json()) as CheckoutResponse;
    await sweep();
    expect((await orderRowByKey(db, "abandoned-2"))?.status).toBe("cancelled");
    expect(await stockOf(db, "chair")).toBe(10);
    const late = await call(app, "POST", `/orders/${order.id}/payment-confirmation`, { action: "confirm", sessionId: "session-1" });
    expect(late.status).toBe(409);
  });

  it("leaves paid orders alone", async () => {
    await postCheckout(app, "kept-1", checkoutBody(await t.payments.tokenize(TEST_CARDS.succeeds), [{ variantId: "chair", quantity: 1, unitPrice: 8000 }]));
    expect(await sweep()).toBe(0);
    expect((await orderRowByKey(db, "kept-1"))?.status).toBe("paid");
  });
});
