import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckoutResponse } from "../../../contracts/orders/api.ts";
import { httpPaymentsClient } from "../payments-client.ts";
import { orderRowByKey } from "../order-store.ts";
import { checkoutBody, countingPayments, errorOf, openBench, ordersApp, paymentsClientFor, postCheckout, stockOf, TEST_CARDS, type OrdersBench } from "./harness.ts";

/**
 * Which answers from payments fail an order. Only payments turning the card token down (400
 * naming `token`) or a payment that itself failed is a refusal; any other error says nothing
 * about the charge, so the order keeps waiting with its units and the same checkout resumes it.
 */
describe("payment errors that are not refusals", () => {
  let t: OrdersBench;
  beforeAll(async () => {
    t = await openBench("pglite", [{ variantId: "lamp", price: 3000, stock: 10 }]);
  });
  afterAll(() => t.close());

  const lamp = (quantity = 1) => [{ variantId: "lamp", quantity, unitPrice: 3000 }];

  it("keeps the order waiting when payments rejects the service's signature (401), and a retry pays it", async () => {
    const misconfigured = ordersApp(t.db, httpPaymentsClient({ baseUrl: t.payments.url, secret: "not-the-service-secret" }), t.redis);
    const body = checkoutBody(await t.payments.tokenize(TEST_CARDS.succeeds), lamp(2));
    const res = await postCheckout(misconfigured, "unsigned-1", body);
    expect(res.status).toBe(503);
    expect((await errorOf(res)).code).toBe("PAYMENT_UNAVAILABLE");
    expect(await orderRowByKey(t.db, "unsigned-1")).toMatchObject({ status: "pending_payment", paymentId: null });
    expect(await stockOf(t.db, "lamp")).toBe(8);

    const payments = countingPayments(paymentsClientFor(t.payments.url));
    const retried = await postCheckout(ordersApp(t.db, payments, t.redis), "unsigned-1", body);
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as CheckoutResponse).order.status).toBe("paid");
    expect(payments.calls.create).toBe(1);
    expect(await stockOf(t.db, "lamp")).toBe(8);
  });

  it("keeps the order waiting when payments answers 409 for its payment, instead of calling the card declined", async () => {
    const token = await t.payments.tokenize(TEST_CARDS.succeeds);
    const body = checkoutBody(token, lamp());
    // Payments unreachable: the order commits and waits for its payment.
    expect((await postCheckout(ordersApp(t.db, paymentsClientFor("http://127.0.0.1:1"), t.redis), "conflict-1", body)).status).toBe(503);
    const order = await orderRowByKey(t.db, "conflict-1");
    if (!order) throw new Error("the order was not placed");
    // Payments already holds a different request under this order's key: it will answer 409.
    await paymentsClientFor(t.payments.url).create({ orderId: order.id, amount: 1, currency: "USD", token });
    const res = await postCheckout(ordersApp(t.db, paymentsClientFor(t.payments.url), t.redis), "conflict-1", body);
    expect(res.status).toBe(503);
    expect((await errorOf(res)).code).toBe("PAYMENT_UNAVAILABLE");
    expect(await orderRowByKey(t.db, "conflict-1")).toMatchObject({ status: "pending_payment", paymentId: null });
    expect(await stockOf(t.db, "lamp")).toBe(7);
  });

  it("still fails the order at once when payments does not know the token", async () => {
    const res = await postCheckout(ordersApp(t.db, paymentsClientFor(t.payments.url), t.redis), "unknown-token-1", checkoutBody("tok_neverissued000", lamp()));
    expect(res.status).toBe(201);
    expect(((await res.json()) as CheckoutResponse).order).toMatchObject({ status: "payment_failed", payment: null });
    expect(await stockOf(t.db, "lamp")).toBe(7);
  });
});
