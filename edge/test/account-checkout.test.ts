import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckoutResponse, Order } from "../../regional-services/orders/contract.ts";
import { Shopper } from "./cart-fixtures.ts";
import { addToCart, CARDS, checkout, checkoutBody, ordersCaughtUp, stockedVariants, type StockedVariant } from "./checkout-fixtures.ts";
import { createAccount } from "./account-fixtures.ts";

/**
 * Signing in or up in the middle of a guest checkout: the held guest cart is not merged (its
 * checkout goes on), the guest's orders become the customer's, and nothing is ordered or
 * carried over twice.
 */
const PASSWORD = "checkout sign-in password";
let variant: StockedVariant;

beforeAll(async () => {
  await ordersCaughtUp();
  const [found] = await stockedVariants(1, 14);
  if (!found) throw new Error("no variant to sell");
  variant = found;
});

const uniqueEmail = () => `checkout-${crypto.randomUUID().slice(0, 8)}@example.com`;

async function signUp(shopper: Shopper, email = uniqueEmail()): Promise<string> {
  await createAccount(email, PASSWORD, undefined, shopper);
  return email;
}

async function ordersOf(shopper: Shopper): Promise<Order[]> {
  return (await (await shopper.fetch("/api/orders")).json<{ orders: Order[] }>()).orders;
}

/** A guest whose checkout waits at the extra payment step; returns the order and the held guest cart's id. */
async function guestAtPaymentStep(shopper: Shopper): Promise<{ order: Order; guestCartId: string }> {
  const cart = await addToCart(shopper, variant.id, 2);
  const res = await checkout(shopper, crypto.randomUUID(), checkoutBody(CARDS.requiresAction));
  expect(res.status).toBe(201);
  const { order } = await res.json<CheckoutResponse>();
  expect(order.status).toBe("pending_payment");
  return { order, guestCartId: cart.id };
}

describe("signing in during a guest checkout", () => {
  it("leaves the held guest cart alone and keeps the order, which is paid once and empties only that cart", async () => {
    const shopper = new Shopper();
    const { order, guestCartId } = await guestAtPaymentStep(shopper);
    await signUp(shopper);
    // Not merged: the lines would otherwise be both in the order and in the customer's cart.
    expect((await shopper.cart()).lines).toEqual([]);
    expect((await env.CART.getByName(guestCartId).view()).locked).toBe(true);
    expect((await ordersOf(shopper)).map((o) => o.id)).toEqual([order.id]);

    const confirmed = await shopper.json(`/api/orders/${order.id}/payment-confirmation`, "POST", { action: "confirm" });
    expect(confirmed.status).toBe(200);
    expect((await confirmed.json<{ order: Order }>()).order.status).toBe("paid");
    expect(await env.CART.getByName(guestCartId).view()).toMatchObject({ lines: [], locked: false });
    expect((await shopper.cart()).lines).toEqual([]);
  });

  it("brings the lines into the customer's cart when that checkout is cancelled after sign-in", async () => {
    const shopper = new Shopper();
    const { order, guestCartId } = await guestAtPaymentStep(shopper);
    await signUp(shopper);
    const cancelled = await shopper.json(`/api/orders/${order.id}/payment-confirmation`, "POST", { action: "cancel" });
    expect((await cancelled.json<{ order: Order }>()).order.status).toBe("cancelled");
    expect((await shopper.cart()).lines.map((l) => [l.variantId, l.quantity])).toEqual([[variant.id, 2]]);
    expect((await env.CART.getByName(guestCartId).view()).lines).toEqual([]);
  });

  it("makes the guest's orders the customer's, on every device", async () => {
    const shopper = new Shopper();
    await addToCart(shopper, variant.id);
    const paid = await checkout(shopper, crypto.randomUUID(), checkoutBody());
    const { order } = await paid.json<CheckoutResponse>();
    const email = await signUp(shopper);
    const elsewhere = new Shopper();
    expect((await elsewhere.json("/api/account/signin", "POST", { email, password: PASSWORD })).status).toBe(200);
    expect((await ordersOf(elsewhere)).map((o) => o.id)).toEqual([order.id]);
  });
});
