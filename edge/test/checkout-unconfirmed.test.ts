import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { CheckoutResponse, Order } from "../../regional-services/orders/contract.ts";
import { Shopper, type ErrorJson } from "./cart-fixtures.ts";
import { ADDRESS, addToCart, CARDS, checkout, checkoutBody, ordersCaughtUp, stockedVariants, type StockedVariant } from "./checkout-fixtures.ts";

/**
 * When the edge cannot learn how a checkout ended (orders answered 503 because its call to
 * payments timed out, or the edge itself gave up waiting), the order may exist and even be paid.
 * The cart then stays held and the form keeps its key, so submitting again finishes that one
 * order: never a second order, never a second charge.
 *
 * The real orders service handles every request here; only its answer is lost on the way back,
 * by intercepting the Worker's outgoing fetch for that one call.
 */
let variant: StockedVariant;

beforeAll(async () => {
  await ordersCaughtUp();
  const [found] = await stockedVariants(1, 12);
  if (!found) throw new Error("no variant to sell");
  variant = found;
});

afterEach(() => {
  vi.restoreAllMocks();
});

const SAME_ORIGIN = { "sec-fetch-site": "same-origin" };

/** Lets orders place (and pay) the next checkout, then loses its answer as `lose` says. */
function loseNextCheckoutAnswer(lose: () => Response | Promise<never>): void {
  const realFetch = globalThis.fetch;
  let armed = true;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (!armed || new URL(request.url).pathname !== "/orders/checkout") return realFetch(request);
    armed = false;
    await (await realFetch(request)).arrayBuffer();
    return lose();
  });
}

const paymentTimedOut = () =>
  Response.json({ error: { code: "PAYMENT_UNAVAILABLE", message: "the payment service is unavailable; retry with the same Idempotency-Key" } }, { status: 503 });
const edgeTimedOut = () => Promise.reject(new DOMException("The operation was aborted due to timeout", "TimeoutError"));

function formFields(key: string, card: string = CARDS.succeeds): Record<string, string> {
  const year = String(new Date().getUTCFullYear() + 2);
  return { idempotencyKey: key, email: "lin@example.com", ...ADDRESS, card, expMonth: "12", expYear: year, cvc: "123", promoCode: "" };
}

/**
 * The hold as the cart object records it. Not the cart API: viewing a held cart has it ask orders
 * and settle, and the order lost here was paid, so a view would empty the cart (cart-settle.test.ts).
 */
const heldKey = async (cartId: string) => {
  const state = await env.CART.getByName(cartId).checkoutState();
  return state.locked ? state.idempotencyKey : null;
};

const formKey = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];

async function ordersOf(shopper: Shopper): Promise<Order[]> {
  return (await (await shopper.fetch("/api/orders")).json<{ orders: Order[] }>()).orders;
}

describe("a checkout whose outcome the edge could not learn", () => {
  it("redraws the form with the same key; submitting again finishes the one paid order", async () => {
    const shopper = new Shopper();
    await addToCart(shopper, variant.id);
    const key = formKey(await (await shopper.fetch("/checkout")).text()) ?? "";
    loseNextCheckoutAnswer(paymentTimedOut);

    const lost = await shopper.form("/checkout", formFields(key), SAME_ORIGIN);
    expect(lost.status).toBe(503);
    const html = await lost.text();
    expect(formKey(html)).toBe(key);
    expect(html).toContain("We could not confirm your payment yet");
    // Drawing that form showed the cart, which asked orders and settled its hold, as the lost order
    // was paid (cart-settle.test.ts); the form's key still lands on that one order.

    const retried = await shopper.form("/checkout", formFields(key), SAME_ORIGIN);
    expect(retried.status).toBe(303);
    const location = retried.headers.get("location") ?? "";
    expect(location).toMatch(/^\/orders\/ord_[A-Za-z0-9]+$/);
    const orders = await ordersOf(shopper);
    expect(orders.map((o) => [`/orders/${o.id}`, o.status])).toEqual([[location, "paid"]]);
    expect(await shopper.cart()).toMatchObject({ lines: [], locked: false });
  });

  it("treats the edge's own timeout as unknown: another key cannot start a second order, the same key answers with the first", async () => {
    const shopper = new Shopper();
    const cart = await addToCart(shopper, variant.id);
    const key = crypto.randomUUID();
    loseNextCheckoutAnswer(edgeTimedOut);

    const lost = await checkout(shopper, key, checkoutBody());
    expect(lost.status).toBe(503);
    expect((await lost.json<ErrorJson>()).error.message).toContain("same Idempotency-Key");
    expect(await heldKey(cart.id)).toBe(key);
    const second = await checkout(shopper, crypto.randomUUID(), checkoutBody());
    expect(second.status).toBe(409);
    expect((await second.json<ErrorJson>()).error.code).toBe("CHECKOUT_IN_PROGRESS");

    const again = await checkout(shopper, key, checkoutBody());
    expect(again.status).toBe(200);
    const { order } = await again.json<CheckoutResponse>();
    expect(order.status).toBe("paid");
    expect((await ordersOf(shopper)).map((o) => o.id)).toEqual([order.id]);
    expect(await shopper.cart()).toMatchObject({ lines: [], locked: false });
  });

  it("still lets go of the cart when orders refuses outright, with a fresh key for the next try", async () => {
    const shopper = new Shopper();
    await addToCart(shopper, variant.id);
    const key = formKey(await (await shopper.fetch("/checkout")).text()) ?? "";
    const declined = await shopper.form("/checkout", formFields(key, CARDS.declined), SAME_ORIGIN);
    expect(declined.status).toBe(402);
    const next = formKey(await declined.text());
    expect(next).toBeDefined();
    expect(next).not.toBe(key);
    expect((await shopper.cart()).locked).toBe(false);
  });
});

describe("coming back to a checkout that was started and never confirmed", () => {
  it("draws the checkout form with that checkout's key, so it is continued rather than refused", async () => {
    const shopper = new Shopper();
    const cart = await addToCart(shopper, variant.id);
    // Keys must be unique across runs: the orders service remembers them in the real Redis.
    const key = `started-in-another-tab-${crypto.randomUUID()}`;
    expect((await env.CART.getByName(cart.id).beginCheckout(key)).ok).toBe(true);

    const page = await shopper.fetch("/checkout");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(formKey(html)).toBe(key);
    expect(html).toContain("not confirmed yet");

    const placed = await shopper.form("/checkout", formFields(key), SAME_ORIGIN);
    expect(placed.status).toBe(303);
    expect((await ordersOf(shopper)).map((o) => o.status)).toEqual(["paid"]);
    expect(await shopper.cart()).toMatchObject({ lines: [], locked: false });
  });
});
