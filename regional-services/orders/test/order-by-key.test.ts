import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckoutResponse, OrderResponse } from "../contract.ts";
import { call, checkoutBody, openBench, ordersApp, paymentsClientFor, postCheckout, TEST_CARDS, type OrdersApp, type OrdersBench } from "./harness.ts";

/**
 * GET /orders/by-key: a cart held for a checkout asks which order the checkout's key placed, so
 * it can settle itself when the edge never heard the answer. Only the cart the order came from
 * is told.
 */
describe("the order a checkout key placed, asked by its cart", () => {
  let t: OrdersBench;
  let app: OrdersApp;
  beforeAll(async () => {
    t = await openBench("pglite", [{ variantId: "lamp", price: 3000, stock: 50 }]);
    app = ordersApp(t.db, paymentsClientFor(t.payments.url), t.redis);
  });
  afterAll(() => t.close());

  const byKey = (idempotencyKey: string, cartId: string) => call(app, "GET", `/orders/by-key?${new URLSearchParams({ idempotencyKey, cartId })}`);

  it("answers the order, as it stands now, to the cart it was placed from and to no other", async () => {
    const key = `by-key-${Date.now()}`;
    const body = checkoutBody(await t.payments.tokenize(TEST_CARDS.succeeds), [{ variantId: "lamp", quantity: 1, unitPrice: 3000 }]);
    const placed = await postCheckout(app, key, body);
    expect(placed.status).toBe(201);
    const { order } = (await placed.json()) as CheckoutResponse;

    const found = await byKey(key, body.cartId);
    expect(found.status).toBe(200);
    expect(((await found.json()) as OrderResponse).order).toMatchObject({ id: order.id, idempotencyKey: key, status: "paid" });
    expect((await byKey(key, "guest:someone-else")).status).toBe(404);
    expect((await byKey(`never-used-${Date.now()}`, body.cartId)).status).toBe(404);
    expect((await call(app, "GET", `/orders/by-key?idempotencyKey=${key}`)).status).toBe(400);
  });
});
