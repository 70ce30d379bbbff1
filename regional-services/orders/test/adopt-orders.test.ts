import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdoptOrdersResponse, CheckoutResponse, OrderListResponse } from "../../../contracts/orders/api.ts";
import { call, checkoutBody, errorOf, openBench, ordersApp, paymentsClientFor, postCheckout, TEST_CARDS, type OrdersApp, type OrdersBench } from "./harness.ts";

/**
 * Signing in during or after a guest checkout: the session's guest orders become the customer's
 * (POST /orders/adopt), and until they have, the customer signed in on that session still sees them.
 */
describe("guest orders at sign-in", () => {
  let t: OrdersBench;
  let app: OrdersApp;
  let n = 0;
  beforeAll(async () => {
    t = await openBench("pglite", [{ variantId: "chair", price: 5000, stock: 50 }]);
    app = ordersApp(t.db, paymentsClientFor(t.payments.url), t.redis);
  });
  afterAll(() => t.close());

  async function guestOrder(sessionId: string, customerId?: string): Promise<string> {
    const owner = customerId ? { sessionId, customerId } : { sessionId };
    const body = checkoutBody(await t.payments.tokenize(TEST_CARDS.succeeds), [{ variantId: "chair", quantity: 1, unitPrice: 5000 }], { owner });
    const res = await postCheckout(app, `adopt-${++n}-${Date.now()}`, body);
    expect(res.status).toBe(201);
    return ((await res.json()) as CheckoutResponse).order.id;
  }

  const ordersOf = async (query: string) => ((await (await call(app, "GET", `/orders?${query}`)).json()) as OrderListResponse).orders.map((o) => o.id);
  const adopt = (sessionId: string, customerId: string) => call(app, "POST", "/orders/adopt", { sessionId, customerId });

  it("hands the session's guest orders to the customer, on any device, once", async () => {
    const first = await guestOrder("s-adopt");
    const second = await guestOrder("s-adopt");
    const res = await adopt("s-adopt", "c-adopt");
    expect(res.status).toBe(200);
    expect((await res.json()) as AdoptOrdersResponse).toEqual({ adopted: 2 });
    expect(await ordersOf("sessionId=another-device&customerId=c-adopt")).toEqual([second, first]);
    expect(((await (await adopt("s-adopt", "c-adopt")).json()) as AdoptOrdersResponse).adopted).toBe(0);
  });

  it("leaves other sessions' orders and orders that already have a customer alone", async () => {
    const strangers = await guestOrder("s-stranger");
    const someoneElses = await guestOrder("s-shared", "c-first");
    expect(((await (await adopt("s-shared", "c-second")).json()) as AdoptOrdersResponse).adopted).toBe(0);
    expect(await ordersOf("sessionId=x&customerId=c-second")).toEqual([]);
    expect(await ordersOf("sessionId=s-stranger")).toEqual([strangers]);
    expect(await ordersOf("sessionId=x&customerId=c-first")).toEqual([someoneElses]);
  });

  it("shows a customer their own session's guest orders before they are adopted", async () => {
    const order = await guestOrder("s-not-yet");
    await guestOrder("s-other-guest");
    expect(await ordersOf("sessionId=s-not-yet&customerId=c-not-yet")).toEqual([order]);
    expect((await call(app, "GET", `/orders/${order}?sessionId=s-not-yet&customerId=c-not-yet`)).status).toBe(200);
    expect((await call(app, "GET", `/orders/${order}?sessionId=elsewhere&customerId=c-not-yet`)).status).toBe(404);
  });

  it("names a missing field and refuses an unsigned request", async () => {
    const missing = await call(app, "POST", "/orders/adopt", { sessionId: "s" });
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).message).toContain("customerId");
    const unsigned = await app.request("/orders/adopt", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sessionId: "s", customerId: "c" }) });
    expect(unsigned.status).toBe(401);
  });
});
