import { beforeAll, describe, expect, it } from "vitest";
import type { CheckoutResponse, Order } from "../../regional-services/orders/contract.ts";
import { Shopper, type ErrorJson } from "./cart-fixtures.ts";
import { addToCart, CARDS, checkout, checkoutBody, ordersCaughtUp, stockedVariants, type StockedVariant } from "./checkout-fixtures.ts";
import { createAccount } from "./account-fixtures.ts";

/**
 * The shopper's orders: each session (or signed-in customer) sees its own and nobody else's,
 * as JSON under /api/orders and as pages under /orders.
 */
let variant: StockedVariant;

beforeAll(async () => {
  await ordersCaughtUp();
  const [found] = await stockedVariants(1, 8);
  if (!found) throw new Error("no variant to sell");
  variant = found;
});

async function placeOrder(shopper: Shopper, card: string = CARDS.succeeds): Promise<CheckoutResponse> {
  await addToCart(shopper, variant.id);
  const res = await checkout(shopper, crypto.randomUUID(), checkoutBody(card));
  if (res.status !== 201) throw new Error(`checkout answered ${res.status}: ${await res.text()}`);
  return res.json<CheckoutResponse>();
}

describe("/api/orders", () => {
  it("lists the shopper's own orders, newest first", async () => {
    const shopper = new Shopper();
    const first = await placeOrder(shopper);
    const second = await placeOrder(shopper);
    const res = await shopper.fetch("/api/orders");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const { orders } = await res.json<{ orders: Order[] }>();
    expect(orders.map((o) => o.id)).toEqual([second.order.id, first.order.id]);
    expect((await (await new Shopper().fetch("/api/orders")).json<{ orders: Order[] }>()).orders).toEqual([]);
  });

  it("hides another shopper's order as if it did not exist", async () => {
    const owner = new Shopper();
    const { order } = await placeOrder(owner);
    expect((await owner.fetch(`/api/orders/${order.id}`)).status).toBe(200);
    const stranger = new Shopper();
    const res = await stranger.fetch(`/api/orders/${order.id}`);
    expect(res.status).toBe(404);
    expect((await res.json<ErrorJson>()).error.code).toBe("NOT_FOUND");
    expect((await stranger.fetch(`/orders/${order.id}`)).status).toBe(404);
    const confirm = await stranger.json(`/api/orders/${order.id}/payment-confirmation`, "POST", { action: "confirm" });
    expect(confirm.status).toBe(404);
  });

  it("names a malformed order id or action", async () => {
    const shopper = new Shopper();
    const badId = await shopper.fetch("/api/orders/not-an-order");
    expect(badId.status).toBe(400);
    expect((await badId.json<ErrorJson>()).error.message).toContain("id");
    const { order } = await placeOrder(shopper, CARDS.requiresAction);
    const badAction = await shopper.json(`/api/orders/${order.id}/payment-confirmation`, "POST", { action: "maybe" });
    expect(badAction.status).toBe(400);
    expect((await badAction.json<ErrorJson>()).error.message).toContain("action");
  });

  it("follows a signed-in customer, whose orders are theirs on any session", async () => {
    const email = `orders-${crypto.randomUUID()}@example.com`;
    const shopper = new Shopper();
    await createAccount(email, "a long enough password", undefined, shopper);
    const { order } = await placeOrder(shopper);
    const elsewhere = new Shopper();
    expect((await elsewhere.json("/api/account/signin", "POST", { email, password: "a long enough password" })).status).toBe(200);
    const { orders } = await (await elsewhere.fetch("/api/orders")).json<{ orders: Order[] }>();
    expect(orders.map((o) => o.id)).toEqual([order.id]);
  });
});

describe("/orders pages", () => {
  it("show the history and each order", async () => {
    const shopper = new Shopper();
    const { order } = await placeOrder(shopper);
    const history = await shopper.fetch("/orders");
    expect(history.status).toBe(200);
    const html = await history.text();
    expect(html).toContain(`href="/orders/${order.id}"`);
    const detail = await (await shopper.fetch(`/orders/${order.id}`)).text();
    expect(detail).toContain(order.id.slice(-8).toUpperCase());
    expect(detail).toContain("visa ending 4242");
  });
});
