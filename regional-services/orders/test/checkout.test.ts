import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckoutResponse, OrderListResponse, OrderResponse } from "../../../contracts/orders/api.ts";
import {
  availableDrivers,
  call,
  checkoutBody,
  countingPayments,
  errorOf,
  eventsAbout,
  openBench,
  ordersApp,
  paymentsClientFor,
  postCheckout,
  stockOf,
  TEST_CARDS,
  type CountingPayments,
  type OrdersApp,
  type OrdersBench,
} from "./harness.ts";

/**
 * POST /orders/checkout and the order routes, end to end through the app with the real payments
 * service and Redis, on PGlite and on Postgres through the Neon driver.
 */
const drivers = await availableDrivers();

describe.each(drivers)("checkout (%s)", (driver) => {
  let t: OrdersBench;
  let app: OrdersApp;
  let payments: CountingPayments;
  let n = 0;
  const key = () => `key-${driver}-${++n}-${Date.now()}`;
  const token = (card: string = TEST_CARDS.succeeds) => t.payments.tokenize(card);

  beforeAll(async () => {
    t = await openBench(driver, [
      { variantId: "tee-m", price: 2500, stock: 20 },
      { variantId: "mug", price: 1200, stock: 5 },
      { variantId: "poster", price: 900, stock: 1 },
      { variantId: "retired", price: 500, stock: 10, active: false },
      { variantId: "no-stock-row", price: 700 },
    ]);
    payments = countingPayments(paymentsClientFor(t.payments.url));
    app = ordersApp(t.db, payments, t.redis);
  });
  afterAll(() => t.close());

  it("places a paid order, priced and totalled by the service, and takes the units out of stock", async () => {
    const res = await postCheckout(app, key(), checkoutBody(await token(), [{ variantId: "tee-m", quantity: 2, unitPrice: 2500 }, { variantId: "mug", quantity: 1, unitPrice: 1200 }], { promotionCodes: ["welcome10"] }));
    expect(res.status).toBe(201);
    const { order, nextAction } = (await res.json()) as CheckoutResponse;
    expect(nextAction).toBeUndefined();
    expect(order).toMatchObject({ status: "paid", currency: "USD", subtotal: 6200, discountTotal: 620, shippingTotal: 599, itemCount: 3 });
    expect(order.taxTotal).toBe(Math.round((6200 - 620 + 599) * 0.2));
    expect(order.total).toBe(order.subtotal - order.discountTotal + order.shippingTotal + order.taxTotal);
    expect(order.lines.map((l) => [l.variantId, l.quantity, l.lineTotal, l.discount])).toEqual([["tee-m", 2, 5000, 500], ["mug", 1, 1200, 120]]);
    expect(order.promotions).toEqual([
      expect.objectContaining({ promotionId: "demo-welcome10", code: "WELCOME10", description: "10% off your order", amount: 620, shippingAmount: 0, freeShipping: false }),
    ]);
    expect(order.payment).toMatchObject({ status: "succeeded", brand: "visa", last4: "4242" });
    expect(await stockOf(t.db, "tee-m")).toBe(18);
    expect(await stockOf(t.db, "mug")).toBe(4);
    expect((await eventsAbout(t.db, order.id)).map((e) => e.type)).toEqual(["order.created", "order.paid"]);
    expect(await eventsAbout(t.db, "tee-m")).toContainEqual({ type: "stock.changed", payload: { variantId: "tee-m", available: 18 } });
  });

  it("answers a repeat of the same request with the same order and no second payment", async () => {
    const k = key();
    const body = checkoutBody(await token(), [{ variantId: "tee-m", quantity: 1, unitPrice: 2500 }]);
    const first = await postCheckout(app, k, body);
    const calls = payments.calls.create;
    // The edge tokenises the card again on a retry: a new token is still the same checkout.
    const again = await postCheckout(app, k, { ...body, paymentToken: await token() });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(await again.json()).toEqual(await first.json());
    expect(payments.calls.create).toBe(calls);
    expect(await stockOf(t.db, "tee-m")).toBe(17);
  });

  it("refuses a used key for a different checkout with 422", async () => {
    const k = key();
    expect((await postCheckout(app, k, checkoutBody(await token(), [{ variantId: "tee-m", quantity: 1, unitPrice: 2500 }]))).status).toBe(201);
    const res = await postCheckout(app, k, checkoutBody(await token(), [{ variantId: "tee-m", quantity: 2, unitPrice: 2500 }]));
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("needs a usable Idempotency-Key and names the bad field of a body", async () => {
    const body = checkoutBody("tok_whatever123", [{ variantId: "tee-m", quantity: 1, unitPrice: 2500 }]);
    const missing = await postCheckout(app, undefined, body);
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).message).toContain("Idempotency-Key");
    expect((await postCheckout(app, "has spaces", body)).status).toBe(400);
    const bad = await postCheckout(app, key(), { ...body, lines: [{ variantId: "tee-m", quantity: 0, unitPrice: 2500 }] });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).message).toContain("lines.0.quantity");
    const unsigned = await app.request("/orders/checkout", { method: "POST", headers: { "idempotency-key": key() }, body: JSON.stringify(body) });
    expect(unsigned.status).toBe(401);
  });

  it("refuses a line whose price moved with 409 PRICE_CHANGED and the new price", async () => {
    const res = await postCheckout(app, key(), checkoutBody(await token(), [{ variantId: "mug", quantity: 1, unitPrice: 1100 }]));
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({ code: "PRICE_CHANGED", details: { changes: [{ variantId: "mug", expected: 1100, actual: 1200 }] } });
    expect(await stockOf(t.db, "mug")).toBe(4);
  });

  it("refuses inactive and unknown variants with 409 UNAVAILABLE", async () => {
    const res = await postCheckout(app, key(), checkoutBody(await token(), [{ variantId: "retired", quantity: 1, unitPrice: 500 }, { variantId: "ghost", quantity: 1, unitPrice: 1 }]));
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({ code: "UNAVAILABLE", details: { variantIds: ["retired", "ghost"] } });
  });

  it("refuses a promotion code that does not apply rather than charging more than the cart said", async () => {
    const res = await postCheckout(app, key(), checkoutBody(await token(), [{ variantId: "mug", quantity: 1, unitPrice: 1200 }], { promotionCodes: ["SAVE5"] }));
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({ code: "PROMOTION_NOT_APPLICABLE", details: { promotions: [{ code: "SAVE5" }] } });
  });

  it("refuses more units than are left with 409 OUT_OF_STOCK naming the variants, taking nothing", async () => {
    const k = key();
    const body = checkoutBody(await token(), [{ variantId: "mug", quantity: 1, unitPrice: 1200 }, { variantId: "poster", quantity: 2, unitPrice: 900 }, { variantId: "no-stock-row", quantity: 1, unitPrice: 700 }]);
    const res = await postCheckout(app, k, body);
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({ code: "OUT_OF_STOCK", details: { variantIds: ["no-stock-row", "poster"] } });
    expect(await stockOf(t.db, "mug")).toBe(4);
    expect(await stockOf(t.db, "poster")).toBe(1);
    // Nothing was placed, so the same key may be used again once the cart is fixed.
    const fixed = await postCheckout(app, k, { ...body, lines: [{ variantId: "poster", quantity: 1, unitPrice: 900 }] });
    expect(fixed.status).toBe(201);
    expect(await stockOf(t.db, "poster")).toBe(0);
  });

  it("fails the order on a declined card and puts its units back on sale", async () => {
    const before = await stockOf(t.db, "tee-m");
    const res = await postCheckout(app, key(), checkoutBody(await token(TEST_CARDS.declined), [{ variantId: "tee-m", quantity: 3, unitPrice: 2500 }]));
    expect(res.status).toBe(201);
    const { order } = (await res.json()) as CheckoutResponse;
    expect(order.status).toBe("payment_failed");
    expect(order.payment).toMatchObject({ status: "failed", failureReason: "card_declined" });
    expect(await stockOf(t.db, "tee-m")).toBe(before);
    expect((await eventsAbout(t.db, order.id)).map((e) => e.type)).toEqual(["order.created", "order.payment_failed"]);
  });

  it("keeps an order waiting when the card asks for an extra step, and settles it on confirmation", async () => {
    const res = await postCheckout(app, key(), checkoutBody(await token(TEST_CARDS.requiresAction), [{ variantId: "tee-m", quantity: 1, unitPrice: 2500 }]));
    const { order, nextAction } = (await res.json()) as CheckoutResponse;
    expect(order.status).toBe("pending_payment");
    expect(nextAction).toEqual({ type: "confirm_payment", paymentId: order.payment?.id });
    const confirm = { action: "confirm", sessionId: "session-1" };
    const stranger = await call(app, "POST", `/orders/${order.id}/payment-confirmation`, { ...confirm, sessionId: "someone-else" });
    expect(stranger.status).toBe(404);
    const confirmed = await call(app, "POST", `/orders/${order.id}/payment-confirmation`, confirm);
    expect(confirmed.status).toBe(200);
    expect(((await confirmed.json()) as OrderResponse).order).toMatchObject({ status: "paid", payment: { status: "succeeded" } });
    // Confirming again is harmless: the order already shows it.
    const again = await call(app, "POST", `/orders/${order.id}/payment-confirmation`, confirm);
    expect(((await again.json()) as OrderResponse).order.status).toBe("paid");
    expect((await eventsAbout(t.db, order.id)).map((e) => e.type)).toEqual(["order.created", "order.paid"]);
  });

  it("cancels a waiting order when the shopper backs out, releasing its units", async () => {
    const before = await stockOf(t.db, "mug");
    const res = await postCheckout(app, key(), checkoutBody(await token(TEST_CARDS.requiresAction), [{ variantId: "mug", quantity: 2, unitPrice: 1200 }]));
    const { order } = (await res.json()) as CheckoutResponse;
    expect(await stockOf(t.db, "mug")).toBe((before ?? 0) - 2);
    const cancelled = await call(app, "POST", `/orders/${order.id}/payment-confirmation`, { action: "cancel", sessionId: "session-1" });
    expect(((await cancelled.json()) as OrderResponse).order.status).toBe("cancelled");
    expect(await stockOf(t.db, "mug")).toBe(before);
    const late = await call(app, "POST", `/orders/${order.id}/payment-confirmation`, { action: "confirm", sessionId: "session-1" });
    expect(late.status).toBe(409);
    expect((await errorOf(late)).code).toBe("NO_ACTION_PENDING");
  });

  it("shows orders only to their owner: the customer, else the guest session", async () => {
    const mine = await postCheckout(app, key(), checkoutBody(await token(), [{ variantId: "tee-m", quantity: 1, unitPrice: 2500 }], { owner: { sessionId: "s-owner", customerId: "cust-1" } }));
    const { order } = (await mine.json()) as CheckoutResponse;
    expect((await call(app, "GET", `/orders/${order.id}?sessionId=other&customerId=cust-1`)).status).toBe(200);
    expect((await call(app, "GET", `/orders/${order.id}?sessionId=s-owner`)).status).toBe(404);
    expect((await call(app, "GET", `/orders/${order.id}?sessionId=s-owner&customerId=cust-2`)).status).toBe(404);
    const list = (await (await call(app, "GET", "/orders?sessionId=x&customerId=cust-1")).json()) as OrderListResponse;
    expect(list.orders.map((o) => o.id)).toEqual([order.id]);
    const guest = (await (await call(app, "GET", "/orders?sessionId=session-1")).json()) as OrderListResponse;
    expect(guest.orders.length).toBeGreaterThan(3);
    expect(guest.orders.map((o) => o.createdAt)).toEqual([...guest.orders.map((o) => o.createdAt)].sort().reverse());
    expect((await call(app, "GET", "/orders/ord_doesnotexist00?sessionId=session-1")).status).toBe(404);
  });
});
