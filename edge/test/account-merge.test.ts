import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CartView } from "../../domain/cart-view.ts";
import { sampleVariants, Shopper, type SampleVariant } from "./cart-fixtures.ts";
import { createAccount } from "./account-fixtures.ts";

/**
 * Signing in brings the guest cart into the customer's cart: quantities add up within the cart
 * limits, the guest cart is emptied, two tabs signing in at once never lose or double a line,
 * and the customer's cart follows them to any browser. Real Worker, real CartObjects, real
 * customers service and catalog.
 */
const PASSWORD = "merge test password";
let a: SampleVariant;
let b: SampleVariant;
let c: SampleVariant;

beforeAll(async () => {
  [a, b, c] = (await sampleVariants(3)) as [SampleVariant, SampleVariant, SampleVariant];
});

const uniqueEmail = () => `merge-${crypto.randomUUID().slice(0, 8)}@example.com`;

async function add(shopper: Shopper, variant: SampleVariant, quantity: number): Promise<void> {
  const res = await shopper.json("/api/cart/items", "POST", { variantId: variant.id, quantity });
  if (res.status !== 200) throw new Error(`adding ${variant.id} answered ${res.status}: ${await res.text()}`);
}

async function signUp(shopper: Shopper, email = uniqueEmail()): Promise<string> {
  await createAccount(email, PASSWORD, undefined, shopper);
  return email;
}

const quantities = (cart: CartView) => Object.fromEntries(cart.lines.map((l) => [l.variantId, l.quantity]));

/** The guest session id the shopper's cookie carries, before sign-in changes who owns the cart. */
async function guestSessionId(shopper: Shopper): Promise<string> {
  const res = await shopper.fetch("/api/account/me");
  const cookie = res.headers.getSetCookie().find((s) => s.startsWith("edgeshop_session="));
  const payload = cookie?.split(";")[0]?.split(".")[1];
  if (!payload) throw new Error("expected a fresh guest session cookie");
  return (JSON.parse(atob(payload.replaceAll("-", "+").replaceAll("_", "/"))) as { sid: string }).sid;
}

describe("guest cart merge at sign-in", () => {
  it("carries the guest's lines into a new customer's cart and empties the guest cart", async () => {
    const shopper = new Shopper();
    const sid = await guestSessionId(shopper);
    await add(shopper, a, 2);
    await add(shopper, b, 1);
    await signUp(shopper);
    expect(quantities(await shopper.cart())).toEqual({ [a.id]: 2, [b.id]: 1 });
    expect((await env.CART.getByName(`guest:${sid}`).view()).lines).toEqual([]);
  });

  it("adds quantities to what the customer's cart already holds, and the cart follows them to another browser", async () => {
    const laptop = new Shopper();
    const email = await signUp(laptop);
    await add(laptop, a, 1);

    const phone = new Shopper();
    await add(phone, a, 2);
    await add(phone, c, 1);
    const res = await phone.json("/api/account/signin", "POST", { email, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(quantities(await phone.cart())).toEqual({ [a.id]: 3, [c.id]: 1 });
    expect(quantities(await laptop.cart())).toEqual({ [a.id]: 3, [c.id]: 1 });
  });

  it("caps a merged line at the per-line maximum instead of refusing the sign-in", async () => {
    const first = new Shopper();
    const email = await signUp(first);
    await add(first, a, 60);
    const second = new Shopper();
    await add(second, a, 60);
    expect((await second.json("/api/account/signin", "POST", { email, password: PASSWORD })).status).toBe(200);
    const cart = await second.cart();
    expect(quantities(cart)).toEqual({ [a.id]: 99 });
    expect(cart.warnings.length).toBeGreaterThan(0);
  });

  it("keeps every line exactly once when two tabs sign in at the same moment", async () => {
    const owner = new Shopper();
    const email = await signUp(owner);
    await add(owner, c, 1);
    await owner.json("/api/account/signout", "POST");

    const tabs = new Shopper();
    const sid = await guestSessionId(tabs);
    await add(tabs, a, 2);
    await add(tabs, b, 3);
    const signIns = await Promise.all([1, 2, 3].map(() => tabs.json("/api/account/signin", "POST", { email, password: PASSWORD })));
    expect(signIns.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(quantities(await tabs.cart())).toEqual({ [a.id]: 2, [b.id]: 3, [c.id]: 1 });
    expect((await env.CART.getByName(`guest:${sid}`).view()).lines).toEqual([]);
  });

  it("does not bring a guest cart along again after signing out and back in", async () => {
    const shopper = new Shopper();
    await add(shopper, b, 2);
    const email = await signUp(shopper);
    await shopper.json("/api/account/signout", "POST");
    expect((await shopper.cart()).lines).toEqual([]);
    await shopper.json("/api/account/signin", "POST", { email, password: PASSWORD });
    expect(quantities(await shopper.cart())).toEqual({ [b.id]: 2 });
  });
});
