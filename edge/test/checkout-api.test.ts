import { beforeAll, describe, expect, it } from "vitest";
import type { CartView } from "../../domain/cart-view.ts";
import type { CheckoutResponse, Order } from "../../contracts/orders/api.ts";
import { Shopper, type ErrorJson } from "./cart-fixtures.ts";
import { addToCart, CARDS, checkout, checkoutBody, merchantPatch, ordersCaughtUp, stockedVariants, type StockedVariant } from "./checkout-fixtures.ts";
import { parseServerTiming } from "../../platform/server-timing.ts";

/**
 * POST /api/checkout through the real Worker, CartObject, payments and orders services: the
 * cart's snapshot becomes an order, the card becomes a token, and the cart follows the outcome.
 */
let variants: StockedVariant[] = [];
const v = (i: number): StockedVariant => {
  const found = variants[i];
  if (!found) throw new Error(`no variant ${i}`);
  return found;
};

beforeAll(async () => {
  await ordersCaughtUp();
  variants = await stockedVariants(5);
});

async function shopperWith(i: number, quantity = 1): Promise<Shopper> {
  const shopper = new Shopper();
  await addToCart(shopper, v(i).id, quantity);
  return shopper;
}

describe("POST /api/checkout", () => {
  it("turns the cart into a paid order and empties the cart", async () => {
    const shopper = await shopperWith(0, 2);
    const res = await checkout(shopper, crypto.randomUUID(), checkoutBody());
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toContain("no-store");
    // Where the time went, outside production: the edge's steps and the orders service's own.
    const steps = [...parseServerTiming(res.headers.get("server-timing")).keys()];
    expect(steps).toEqual(expect.arrayContaining(["cart-prepare", "tokenize", "cart-hold", "orders", "orders-tx", "orders-pay", "orders-payments", "cart-settle", "edge"]));
    const { order, nextAction } = await res.json<CheckoutResponse>();
    expect(nextAction).toBeUndefined();
    expect(order).toMatchObject({ status: "paid", currency: "USD", email: "grace@example.com", subtotal: v(0).price * 2, itemCount: 2 });
    expect(order.lines).toEqual([expect.objectContaining({ variantId: v(0).id, quantity: 2, unitPrice: v(0).price })]);
    // Tax at the US rate on goods plus shipping, as the shared domain rules say.
    expect(order.total).toBe(order.subtotal - order.discountTotal + order.shippingTotal + order.taxTotal);
    expect(order.payment).toMatchObject({ status: "succeeded", brand: "visa", last4: "4242" });
    const cart = await shopper.cart();
    expect(cart).toMatchObject({ lines: [], locked: false });
  });

  it("makes one order of a checkout sent several times at once with one key", async () => {
    const shopper = await shopperWith(1);
    const key = crypto.randomUUID();
    const responses = await Promise.all(Array.from({ length: 5 }, () => checkout(shopper, key, checkoutBody())));
    const bodies = await Promise.all(responses.map((r) => r.json<CheckoutResponse>()));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(bodies.map((b) => b.order.id)).size).toBe(1);
    for (const b of bodies) expect(b.order.status).toBe("paid");
    const list = await (await shopper.fetch("/api/orders")).json<{ orders: Order[] }>();
    expect(list.orders.map((o) => o.id)).toEqual([bodies[0]?.order.id]);
    // Sent again after it all settled, the same key still answers with that order.
    const again = await checkout(shopper, key, checkoutBody());
    expect(again.status).toBe(200);
    expect((await again.json<CheckoutResponse>()).order.id).toBe(bodies[0]?.order.id);
  });

  it("answers a declined card with 402 and leaves the cart as it was for another card", async () => {
    const shopper = await shopperWith(2);
    const res = await checkout(shopper, crypto.randomUUID(), checkoutBody(CARDS.declined));
    expect(res.status).toBe(402);
    const { error } = await res.json<ErrorJson & { error: { details: { orderId: string; reason: string } } }>();
    expect(error).toMatchObject({ code: "PAYMENT_FAILED", details: { reason: "card_declined", field: "payment.card" } });
    const cart = await shopper.cart();
    expect(cart).toMatchObject({ locked: false, lines: [expect.objectContaining({ variantId: v(2).id })] });
    const retry = await checkout(shopper, crypto.randomUUID(), checkoutBody(CARDS.succeeds));
    expect(retry.status).toBe(201);
    expect((await retry.json<CheckoutResponse>()).order.status).toBe("paid");
    const { order: failed } = await (await shopper.fetch(`/api/orders/${error.details.orderId}`)).json<{ order: Order }>();
    expect(failed.status).toBe("payment_failed");
  });

  it("keeps the cart held while the card asks for confirmation, and settles it on the shopper's answer", async () => {
    const shopper = await shopperWith(3);
    const res = await checkout(shopper, crypto.randomUUID(), checkoutBody(CARDS.requiresAction));
    expect(res.status).toBe(201);
    const { order, nextAction } = await res.json<CheckoutResponse>();
    expect(order.status).toBe("pending_payment");
    expect(nextAction).toEqual({ type: "confirm_payment", paymentId: order.payment?.id });
    expect((await shopper.cart()).locked).toBe(true);
    const confirmed = await shopper.json(`/api/orders/${order.id}/payment-confirmation`, "POST", { action: "confirm" });
    expect(confirmed.status).toBe(200);
    expect((await confirmed.json<{ order: Order }>()).order.status).toBe("paid");
    expect(await shopper.cart()).toMatchObject({ locked: false, lines: [] });
  });

  it("lets the shopper back out of the extra step: order cancelled, cart intact", async () => {
    const shopper = await shopperWith(3);
    const { order } = await (await checkout(shopper, crypto.randomUUID(), checkoutBody(CARDS.requiresAction))).json<CheckoutResponse>();
    const cancelled = await shopper.json(`/api/orders/${order.id}/payment-confirmation`, "POST", { action: "cancel" });
    expect((await cancelled.json<{ order: Order }>()).order.status).toBe("cancelled");
    expect(await shopper.cart()).toMatchObject({ locked: false, lines: [expect.objectContaining({ variantId: v(3).id })] });
  });

  it("refuses a price the catalog has since changed, and shows the new price in the cart", async () => {
    const shopper = await shopperWith(4);
    const newPrice = v(4).price + 100;
    await merchantPatch(v(4).productSlug, { variants: [{ id: v(4).id, prices: { USD: newPrice } }] });
    await ordersCaughtUp();
    const res = await checkout(shopper, crypto.randomUUID(), checkoutBody());
    expect(res.status).toBe(409);
    const { error } = await res.json<ErrorJson>();
    expect(error).toMatchObject({ code: "PRICE_CHANGED", details: { changes: [{ variantId: v(4).id, expected: v(4).price, actual: newPrice }] } });
    const cart: CartView = await shopper.cart();
    expect(cart).toMatchObject({ locked: false, lines: [expect.objectContaining({ unitPrice: newPrice })] });
    await merchantPatch(v(4).productSlug, { variants: [{ id: v(4).id, prices: { USD: v(4).price } }] });
  });
});

describe("POST /api/checkout refuses bad requests", () => {
  it("needs an Idempotency-Key", async () => {
    const shopper = await shopperWith(0);
    const res = await checkout(shopper, undefined, checkoutBody());
    expect(res.status).toBe(400);
    expect((await res.json<ErrorJson>()).error.message).toContain("Idempotency-Key");
  });

  it("names the field that is wrong, without echoing card data", async () => {
    const shopper = await shopperWith(0);
    const noEmail = await checkout(shopper, crypto.randomUUID(), { ...checkoutBody(), email: "not-an-email" });
    expect((await noEmail.json<ErrorJson>()).error.message).toContain("email");
    const badCard = await checkout(shopper, crypto.randomUUID(), checkoutBody("4242424242424241"));
    expect(badCard.status).toBe(400);
    const text = await badCard.text();
    expect(text).toContain("payment.card");
    expect(text).not.toContain("4242424242424241");
    expect((await shopper.cart()).locked).toBe(false);
    const noCountry = await checkout(shopper, crypto.randomUUID(), checkoutBody(CARDS.succeeds, { shippingAddress: { name: "A", line1: "B", city: "C", postalCode: "D" } }));
    expect((await noCountry.json<ErrorJson>()).error.message).toContain("shippingAddress.country");
  });

  it("refuses to check out an empty cart", async () => {
    const res = await checkout(new Shopper(), crypto.randomUUID(), checkoutBody());
    expect(res.status).toBe(409);
    expect((await res.json<ErrorJson>()).error.code).toBe("CART_EMPTY");
  });
});
