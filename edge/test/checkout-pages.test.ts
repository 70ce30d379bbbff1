import { beforeAll, describe, expect, it } from "vitest";
import { a11yProblems } from "./catalog-helpers.ts";
import { Shopper } from "./cart-fixtures.ts";
import { addToCart, ADDRESS, CARDS, ordersCaughtUp, stockedVariants, type StockedVariant } from "./checkout-fixtures.ts";

/**
 * The no-JavaScript checkout: a plain form with a hidden idempotency key, errors beside their
 * fields, and 303 redirects to the order or to the extra payment step.
 */
let variant: StockedVariant;

beforeAll(async () => {
  await ordersCaughtUp();
  const [found] = await stockedVariants(1, 6);
  if (!found) throw new Error("no variant to sell");
  variant = found;
});

const SAME_ORIGIN = { "sec-fetch-site": "same-origin" };

async function checkoutForm(shopper: Shopper): Promise<{ html: string; key: string }> {
  const res = await shopper.fetch("/checkout");
  expect(res.status).toBe(200);
  const html = await res.text();
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];
  if (!key) throw new Error("the checkout form has no idempotency key");
  return { html, key };
}

function fields(key: string, card: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    idempotencyKey: key,
    email: "ada@example.com",
    ...ADDRESS,
    card,
    expMonth: "12",
    expYear: String(new Date().getUTCFullYear() + 2),
    cvc: "123",
    promoCode: "",
    ...extra,
  };
}

async function shopperWithCart(): Promise<Shopper> {
  const shopper = new Shopper();
  await addToCart(shopper, variant.id);
  return shopper;
}

describe("the checkout page", () => {
  it("sends a visitor with an empty cart back to the cart", async () => {
    const res = await new Shopper().fetch("/checkout");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/cart");
  });

  it("is an accessible form with a fresh idempotency key each time it is drawn", async () => {
    const shopper = await shopperWithCart();
    const first = await checkoutForm(shopper);
    const second = await checkoutForm(shopper);
    expect(a11yProblems(first.html)).toEqual([]);
    expect(first.html).toContain('action="/checkout"');
    expect(first.key).not.toBe(second.key);
  });

  it("places the order and redirects to its confirmation; posting the same form again makes no second order", async () => {
    const shopper = await shopperWithCart();
    const { key } = await checkoutForm(shopper);
    const res = await shopper.form("/checkout", fields(key, CARDS.succeeds), SAME_ORIGIN);
    expect(res.status).toBe(303);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(/^\/orders\/ord_[A-Za-z0-9]+$/);
    const again = await shopper.form("/checkout", fields(key, CARDS.succeeds), SAME_ORIGIN);
    expect(again.headers.get("location")).toBe(location);
    const page = await (await shopper.fetch(location)).text();
    expect(page).toContain("Paid");
    expect(a11yProblems(page)).toEqual([]);
    const history = await (await shopper.fetch("/orders")).text();
    expect(history.match(/href="\/orders\/ord_/g)).toHaveLength(1);
  });

  it("shows each problem beside its field and never writes the card number back", async () => {
    const shopper = await shopperWithCart();
    const { key } = await checkoutForm(shopper);
    const res = await shopper.form("/checkout", fields(key, "4242424242424241", { email: "nope", postalCode: "" }), SAME_ORIGIN);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="email-error"[^>]*>email must be a valid email address/);
    expect(html).toMatch(/id="postalCode-error"[^>]*>postalCode is required/);
    expect(html).toContain('aria-describedby="email-error"');
    expect(html).not.toContain("4242424242424241");
    expect(html).toContain(`value="${ADDRESS.name}"`);
  });

  it("puts a declined card's message beside the card field and keeps the cart for another try", async () => {
    const shopper = await shopperWithCart();
    const { key } = await checkoutForm(shopper);
    const res = await shopper.form("/checkout", fields(key, CARDS.declined), SAME_ORIGIN);
    expect(res.status).toBe(402);
    const html = await res.text();
    expect(html).toMatch(/id="card-error"[^>]*>Your card was declined/);
    const newKey = /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];
    expect(newKey).toBeDefined();
    expect(newKey).not.toBe(key);
    const retry = await shopper.form("/checkout", fields(newKey ?? "", CARDS.succeeds), SAME_ORIGIN);
    expect(retry.status).toBe(303);
  });

  it("takes the shopper through the extra payment step", async () => {
    const shopper = await shopperWithCart();
    const { key } = await checkoutForm(shopper);
    const res = await shopper.form("/checkout", fields(key, CARDS.requiresAction), SAME_ORIGIN);
    const confirmPath = res.headers.get("location") ?? "";
    expect(confirmPath).toMatch(/^\/orders\/ord_[A-Za-z0-9]+\/confirm-payment$/);
    // While it waits, the cart page leads back to checkout, and checkout to the same step, not a second order.
    expect(await (await shopper.fetch("/cart")).text()).toContain('<a href="/checkout">Continue your checkout</a>');
    expect((await shopper.fetch("/checkout")).headers.get("location")).toBe(confirmPath);
    const page = await (await shopper.fetch(confirmPath)).text();
    expect(page).toContain('value="confirm"');
    expect(page).toContain('value="cancel"');
    expect(a11yProblems(page)).toEqual([]);
    const confirmed = await shopper.form(confirmPath, { action: "confirm" }, SAME_ORIGIN);
    expect(confirmed.status).toBe(303);
    const orderPath = confirmed.headers.get("location") ?? "";
    expect(confirmPath.startsWith(orderPath)).toBe(true);
    expect(await (await shopper.fetch(orderPath)).text()).toContain("Paid");
    expect(await shopper.cart()).toMatchObject({ lines: [], locked: false });
  });

  it("refuses a checkout posted from another site", async () => {
    const shopper = await shopperWithCart();
    const { key } = await checkoutForm(shopper);
    const res = await shopper.form("/checkout", fields(key, CARDS.succeeds), { "sec-fetch-site": "cross-site" });
    expect(res.status).toBe(403);
  });
});
