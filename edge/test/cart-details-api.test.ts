import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CartView } from "../../domain/cart-view.ts";
import { merchantPatch, sampleVariants, Shopper, type ErrorJson, type SampleVariant } from "./cart-fixtures.ts";

let variant: SampleVariant;
let changed: SampleVariant;

beforeAll(async () => {
  const [first, ...rest] = await sampleVariants(6);
  // A variant of another product, whose price and availability these specs change and restore.
  const other = rest.find((f) => f.productSlug !== first?.productSlug);
  if (!first || !other) throw new Error("need two products");
  variant = first;
  changed = other;
});

afterAll(async () => {
  await merchantPatch(changed.productSlug, { variants: [{ id: changed.id, prices: { USD: changed.price.amount }, active: true }] });
});

async function cartWith(shopper: Shopper, variantId: string, quantity = 2): Promise<CartView> {
  const res = await shopper.json("/api/cart/items", "POST", { variantId, quantity });
  expect(res.status).toBe(200);
  return (await res.json<{ cart: CartView }>()).cart;
}

const cartOf = async (res: Response) => (await res.json<{ cart: CartView }>()).cart;

describe("promotion codes", () => {
  it("applies WELCOME10 and removes it again", async () => {
    const shopper = new Shopper();
    const before = await cartWith(shopper, variant.id);
    const applied = await shopper.json("/api/cart/promotions", "POST", { code: "welcome10" });
    expect(applied.status).toBe(200);
    const cart = await cartOf(applied);
    expect(cart.promotions).toEqual([expect.objectContaining({ code: "WELCOME10", applied: true })]);
    expect(cart.discountTotal).toBe(Math.round(before.subtotal / 10));
    const removed = await shopper.json("/api/cart/promotions/WELCOME10", "DELETE");
    expect(await cartOf(removed)).toMatchObject({ promotions: [], discountTotal: 0 });
  });

  it("refuses an unknown code with a 400 naming code", async () => {
    const shopper = new Shopper();
    await cartWith(shopper, variant.id);
    const res = await shopper.json("/api/cart/promotions", "POST", { code: "NOPE" });
    expect(res.status).toBe(400);
    expect(await res.json<ErrorJson>()).toMatchObject({ error: { code: "PROMOTION_NOT_FOUND", details: { field: "code" } } });
    const empty = await shopper.json("/api/cart/promotions", "POST", { code: " " });
    expect(empty.status).toBe(400);
    expect((await empty.json<ErrorJson>()).error.message).toContain("code");
  });
});

describe("email and shipping address", () => {
  it("stores a valid email and refuses junk naming email", async () => {
    const shopper = new Shopper();
    const bad = await shopper.json("/api/cart/email", "PUT", { email: "not-an-email" });
    expect(bad.status).toBe(400);
    expect((await bad.json<ErrorJson>()).error.message).toContain("email");
    const good = await shopper.json("/api/cart/email", "PUT", { email: "shopper@example.com" });
    expect((await cartOf(good)).email).toBe("shopper@example.com");
  });

  it("stores the address, which brings tax; a missing field is a 400 naming it", async () => {
    const shopper = new Shopper();
    await cartWith(shopper, variant.id);
    const address = { name: "Ann Shopper", line1: "1 High Street", city: "Leeds", postalCode: "LS1 1AA", country: "gb" };
    const missing = await shopper.json("/api/cart/shipping-address", "PUT", { ...address, country: undefined });
    expect(missing.status).toBe(400);
    expect((await missing.json<ErrorJson>()).error.message).toContain("country");
    const res = await shopper.json("/api/cart/shipping-address", "PUT", address);
    expect(res.status).toBe(200);
    const cart = await cartOf(res);
    expect(cart.shippingAddress).toMatchObject({ country: "GB", city: "Leeds" });
    expect(cart.taxTotal).toBeGreaterThan(0);
    expect(cart.total).toBe(cart.subtotal - cart.discountTotal + cart.shippingTotal + cart.taxTotal);
  });
});

/** Polls `read` until `done` holds or 5 s pass (the edge's promise for merchant changes), returning the last value. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("prices and availability re-checked against the catalog", () => {
  it("moves a line to the catalog's new price and says so", async () => {
    const shopper = new Shopper();
    await cartWith(shopper, changed.id, 1);
    const newPrice = changed.price.amount + 123;
    await merchantPatch(changed.productSlug, { variants: [{ id: changed.id, prices: { USD: newPrice } }] });
    // The cart reads prices through the edge's catalog cache, which learns of a change within seconds.
    const cart = await eventually(() => shopper.cart(), (c) => c.lines[0]?.unitPrice === newPrice);
    expect(cart.lines[0]?.unitPrice).toBe(newPrice);
    expect(cart.warnings).toEqual([expect.objectContaining({ code: "PRICE_CHANGED", variantId: changed.id, previousPrice: changed.price.amount, currentPrice: newPrice })]);
  });

  it("flags a line whose variant the merchant switched off, and refuses to add it again", async () => {
    const shopper = new Shopper();
    await cartWith(shopper, changed.id, 1);
    await merchantPatch(changed.productSlug, { variants: [{ id: changed.id, active: false }] });
    const cart = await eventually(() => shopper.cart(), (c) => c.warnings.length > 0);
    expect(cart.warnings).toEqual([expect.objectContaining({ code: "UNAVAILABLE", variantId: changed.id })]);
    const res = await shopper.json("/api/cart/items", "POST", { variantId: changed.id, quantity: 1 });
    expect(res.status).toBe(400);
    expect(await res.json<ErrorJson>()).toMatchObject({ error: { code: "VARIANT_UNAVAILABLE", details: { field: "variantId" } } });
  });
});
