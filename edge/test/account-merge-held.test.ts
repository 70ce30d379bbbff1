import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CartView } from "../../domain/cart-view.ts";
import { sampleVariants, Shopper, type SampleVariant } from "./cart-fixtures.ts";

/**
 * A customer stopped at the payment's extra step in one browser, so a checkout holds their cart.
 * Signing in from a second browser that has a guest cart still succeeds; the guest lines wait in
 * the customer's cart object and join, exactly once, when that checkout completes or is let go.
 * Real Worker, real CartObjects, real customers service.
 */
const PASSWORD = "held merge password";
const SAME_ORIGIN = { "sec-fetch-site": "same-origin" };
let a: SampleVariant;
let b: SampleVariant;

beforeAll(async () => {
  [a, b] = (await sampleVariants(2)) as [SampleVariant, SampleVariant];
});

async function add(shopper: Shopper, variant: SampleVariant, quantity: number): Promise<void> {
  const res = await shopper.json("/api/cart/items", "POST", { variantId: variant.id, quantity });
  if (res.status !== 200) throw new Error(`adding ${variant.id} answered ${res.status}: ${await res.text()}`);
}

const quantities = (cart: CartView) => Object.fromEntries(cart.lines.map((l) => [l.variantId, l.quantity]));

/** A customer with one of `a` in their cart, held by a checkout started in their first browser. */
async function customerMidCheckout() {
  const laptop = new Shopper();
  const email = `held-merge-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const res = await laptop.json("/api/account/signup", "POST", { email, password: PASSWORD });
  if (res.status !== 201) throw new Error(`sign-up answered ${res.status}: ${await res.text()}`);
  await add(laptop, a, 1);
  const cart = env.CART.getByName((await laptop.cart()).id);
  const key = `held-merge-${crypto.randomUUID()}`;
  expect((await cart.beginCheckout(key)).ok).toBe(true);
  return { email, cart, key };
}

/** A second browser with a guest cart of two `a` and one `b`. */
async function guestWithCart(): Promise<Shopper> {
  const phone = new Shopper();
  await add(phone, a, 2);
  await add(phone, b, 1);
  return phone;
}

async function signedInAs(shopper: Shopper): Promise<string | undefined> {
  return (await (await shopper.fetch("/api/account/me")).json<{ customer: { email: string } | null }>()).customer?.email;
}

describe("signing in while a checkout holds the customer's cart", () => {
  it("signs in, and the guest lines join once when the checkout is let go", async () => {
    const { email, cart, key } = await customerMidCheckout();
    const phone = await guestWithCart();

    // Two tabs at once, as the existing merge allows.
    const signIns = await Promise.all([1, 2].map(() => phone.json("/api/account/signin", "POST", { email, password: PASSWORD })));
    expect(signIns.map((r) => r.status)).toEqual([200, 200]);
    expect(await signedInAs(phone)).toBe(email);
    // The held cart is left exactly as the checkout froze it.
    expect(await phone.cart()).toMatchObject({ locked: true });
    expect(quantities(await phone.cart())).toEqual({ [a.id]: 1 });

    expect((await cart.abortCheckout(key)).ok).toBe(true);
    const after = await phone.cart();
    expect(after.locked).toBe(false);
    expect(quantities(after)).toEqual({ [a.id]: 3, [b.id]: 1 });
    expect(after.lines).toHaveLength(2);
    // Signing in again brings nothing more.
    expect((await phone.json("/api/account/signin", "POST", { email, password: PASSWORD })).status).toBe(200);
    expect(quantities(await phone.cart())).toEqual({ [a.id]: 3, [b.id]: 1 });
  });

  it("signs in through the form, and the guest lines fill the emptied cart once the checkout completes", async () => {
    const { email, cart, key } = await customerMidCheckout();
    const phone = await guestWithCart();

    const res = await phone.form("/account/signin", { email, password: PASSWORD, next: "/cart" }, SAME_ORIGIN);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/cart");
    expect(await signedInAs(phone)).toBe(email);

    const completed = await cart.completeCheckout(key, "ord_heldMergeSpec01");
    expect(completed.ok && quantities(completed.cart)).toEqual({ [a.id]: 2, [b.id]: 1 });
    expect(quantities(await phone.cart())).toEqual({ [a.id]: 2, [b.id]: 1 });
  });
});
