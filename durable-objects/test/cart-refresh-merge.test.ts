import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newCart, variant } from "./fixtures.ts";

describe("CartObject price refresh", () => {
  it("re-prices lines and records what changed", async () => {
    const { stub } = newCart();
    await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" });
    await stub.addItem({ variant: variant("b"), quantity: 1, currency: "USD" });
    await stub.addItem({ variant: variant("c"), quantity: 1, currency: "USD" });
    const r = await stub.refreshPrices([variant("a", { prices: { USD: 2500 } }), variant("b", { stockState: "out_of_stock" })]);
    if (!r.ok) throw new Error(r.message);
    expect(r.cart.lines.map((l) => l.unitPrice)).toEqual([2500, 2000, 2000]);
    expect(r.cart.warnings.map((w) => [w.code, w.variantId])).toEqual([
      ["PRICE_CHANGED", "a"],
      ["OUT_OF_STOCK", "b"],
      ["UNAVAILABLE", "c"],
    ]);
  });

  it("remembers when prices were last checked, so the edge can skip a check it just did", async () => {
    const { stub } = newCart();
    await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" });
    expect((await stub.view()).pricesCheckedAt).toBeNull();
    const before = Date.now();
    const r = await stub.refreshPrices([variant("a")]);
    expect(r.ok && r.cart.pricesCheckedAt).toBeGreaterThanOrEqual(before);
  });

  it("leaves a cart held by a checkout alone", async () => {
    const { stub } = newCart();
    await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" });
    await stub.beginCheckout("k");
    expect(await stub.refreshPrices([variant("a", { prices: { USD: 1 } })])).toMatchObject({ ok: false, code: "CART_LOCKED" });
    expect((await stub.view()).lines[0]?.unitPrice).toBe(2000);
  });

  it("clears the price notice once the shopper changes the cart", async () => {
    const { stub } = newCart();
    const added = await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" });
    await stub.refreshPrices([variant("a", { prices: { USD: 2500 } })]);
    const r = await stub.updateItem((added.ok && added.cart.lines[0]?.id) || "", 2);
    expect(r.ok && r.cart.warnings).toEqual([]);
  });
});

describe("CartObject merge at sign-in", () => {
  const guestLines = async () => {
    const guest = newCart();
    await guest.stub.addItem({ variant: variant("a"), quantity: 2, currency: "USD" });
    await guest.stub.addItem({ variant: variant("b"), quantity: 1, currency: "USD" });
    return { id: guest.name, lines: (await guest.stub.view()).lines };
  };

  it("adds the guest's lines to the customer's cart", async () => {
    const source = await guestLines();
    const { stub } = newCart("customer");
    await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" });
    const r = await stub.mergeFrom(source.id, source.lines, "USD");
    expect(r).toMatchObject({ ok: true, merged: true });
    expect(r.ok && r.cart.lines.map((l) => [l.variantId, l.quantity])).toEqual([
      ["a", 3],
      ["b", 1],
    ]);
  });

  it("adds nothing when the same merge is applied twice, even at the same moment", async () => {
    const source = await guestLines();
    const { name, stub } = newCart("customer");
    // Two sign-ins at once: two Worker requests, each with its own stub.
    const [first, second] = await Promise.all([
      env.CART.getByName(name).mergeFrom(source.id, source.lines, "USD"),
      env.CART.getByName(name).mergeFrom(source.id, source.lines, "USD"),
    ]);
    expect([first.ok && first.merged, second.ok && second.merged].sort()).toEqual([false, true]);
    expect((await stub.mergeFrom(source.id, source.lines, "USD")).ok).toBe(true);
    const view = await stub.view();
    expect(view.lines.map((l) => [l.variantId, l.quantity])).toEqual([
      ["a", 2],
      ["b", 1],
    ]);
  });

  it("does not mix currencies: other-currency lines are left out with a warning", async () => {
    const source = await guestLines();
    const { stub } = newCart("customer");
    await stub.addItem({ variant: variant("z"), quantity: 1, currency: "EUR" });
    const r = await stub.mergeFrom(source.id, source.lines, "USD");
    expect(r.ok && r.cart.lines.map((l) => l.variantId)).toEqual(["z"]);
    expect(r.ok && r.cart.warnings.map((w) => w.code)).toEqual(["NOT_MERGED", "NOT_MERGED"]);
  });
});
