import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { CheckoutResponse, ConfirmationAction, Order } from "../../regional-services/orders/contract.ts";
import { signedFetch } from "../../platform/signed-fetch.ts";
import { Shopper } from "./cart-fixtures.ts";
import { addToCart, CARDS, checkout, checkoutBody, ordersCaughtUp, stockedVariants, type StockedVariant } from "./checkout-fixtures.ts";

/**
 * A held cart settles itself once its order is decided, even when the edge never hears how: the
 * checkout's answer was lost, or the payment's extra step was confirmed or cancelled out of sight
 * (a webhook, the confirmation page in another tab). The cart asks the real orders service when
 * it is viewed and on its alarm; nobody has to come back to checkout.
 */
let variant: StockedVariant;

beforeAll(async () => {
  await ordersCaughtUp();
  const [found] = await stockedVariants(1, 16);
  if (!found) throw new Error("no variant to sell");
  variant = found;
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Lets orders place (and pay) the next checkout, then loses its answer as an edge timeout would. */
function loseNextCheckoutAnswer(): void {
  const realFetch = globalThis.fetch;
  let armed = true;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (!armed || new URL(request.url).pathname !== "/orders/checkout") return realFetch(request);
    armed = false;
    await (await realFetch(request)).arrayBuffer();
    throw new DOMException("The operation was aborted due to timeout", "TimeoutError");
  });
}

function ordersOrigin(): string {
  const regions = JSON.parse(env.REGIONS) as Record<string, { orders?: string }>;
  const url = regions[env.DEFAULT_REGION]?.orders;
  if (!url) throw new Error("the test REGIONS has no orders");
  return url;
}

/** The payment's extra step answered at orders directly, as another tab or the webhook would: the edge never sees it. */
async function decideAtOrders(order: Order, cartId: string, action: ConfirmationAction): Promise<Order> {
  const sessionId = cartId.slice("guest:".length);
  const res = await signedFetch(env.EDGE_SIGNING_SECRET, ordersOrigin(), `/orders/${order.id}/payment-confirmation`, { json: { action, sessionId } });
  if (!res.ok) throw new Error(`payment-confirmation answered ${res.status}: ${await res.text()}`);
  return (await res.json<{ order: Order }>()).order;
}

async function ordersOf(shopper: Shopper): Promise<Order[]> {
  return (await (await shopper.fetch("/api/orders")).json<{ orders: Order[] }>()).orders;
}

async function startConfirmableCheckout(shopper: Shopper, cartId: string): Promise<Order> {
  const res = await checkout(shopper, crypto.randomUUID(), checkoutBody(CARDS.requiresAction));
  expect(res.status).toBe(201);
  const answer = await res.json<CheckoutResponse>();
  expect(answer.nextAction?.type).toBe("confirm_payment");
  expect((await env.CART.getByName(cartId).checkoutState()).locked).toBe(true);
  return answer.order;
}

describe("a held cart settles itself once its order is decided", () => {
  it("empties on its next view when the checkout's answer was lost and the order was paid", async () => {
    const shopper = new Shopper();
    const cart = await addToCart(shopper, variant.id);
    const key = crypto.randomUUID();
    loseNextCheckoutAnswer();
    expect((await checkout(shopper, key, checkoutBody())).status).toBe(503);
    const stub = env.CART.getByName(cart.id);
    expect(await stub.checkoutState()).toMatchObject({ locked: true, idempotencyKey: key });

    // No retry, no visit to checkout: just looking at the cart.
    expect(await shopper.cart()).toMatchObject({ lines: [], locked: false });
    const orders = await ordersOf(shopper);
    expect(orders.map((o) => [o.idempotencyKey, o.status])).toEqual([[key, "paid"]]);
    expect(await stub.checkoutState()).toMatchObject({ locked: false, idempotencyKey: null, lastOrderId: orders[0]?.id });
  });

  it("empties on its alarm when the payment's extra step is confirmed out of sight, and waits while it is not", async () => {
    const shopper = new Shopper();
    const cart = await addToCart(shopper, variant.id);
    const order = await startConfirmableCheckout(shopper, cart.id);
    const stub = env.CART.getByName(cart.id);

    // Still waiting for the shopper: the alarm leaves the hold and asks again later.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.view()).toMatchObject({ locked: true, lines: [{ variantId: variant.id }] });

    expect((await decideAtOrders(order, cart.id, "confirm")).status).toBe("paid");
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.view()).toMatchObject({ lines: [], locked: false });
    expect((await stub.checkoutState()).lastOrderId).toBe(order.id);
  });

  it("lets go of the hold, lines kept, when the order ended unpaid", async () => {
    const shopper = new Shopper();
    const cart = await addToCart(shopper, variant.id);
    const order = await startConfirmableCheckout(shopper, cart.id);
    const stub = env.CART.getByName(cart.id);

    expect((await decideAtOrders(order, cart.id, "cancel")).status).toBe("cancelled");
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.view()).toMatchObject({ locked: false, lines: [{ variantId: variant.id, quantity: 1 }] });
    expect((await stub.checkoutState()).idempotencyKey).toBeNull();
    // The shopper can change the cart again.
    expect((await addToCart(shopper, variant.id)).lines).toMatchObject([{ variantId: variant.id, quantity: 2 }]);
  });
});
