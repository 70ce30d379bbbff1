import { afterEach, describe, expect, it, vi } from "vitest";
import { CHECKOUT_LOCK_TTL_MS } from "../src/cart-lock.ts";
import { newCart, variant, DEMO_SNAPSHOT } from "./fixtures.ts";

async function cartWithItem() {
  const cart = newCart();
  const added = await cart.stub.addItem({ variant: variant("a"), quantity: 2, currency: "USD" });
  return { ...cart, lineId: (added.ok && added.cart.lines[0]?.id) || "" };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("CartObject checkout hold", () => {
  it("locks the cart and hands back its snapshot", async () => {
    const { name, stub, lineId } = await cartWithItem();
    const begun = await stub.beginCheckout("key-1");
    expect(begun).toMatchObject({ ok: true, resumed: false, snapshot: { id: name, idempotencyKey: "key-1", subtotal: 4000, locked: true } });
    expect(await stub.checkoutState()).toMatchObject({ locked: true, idempotencyKey: "key-1" });
    expect(await stub.updateItem(lineId, 3)).toMatchObject({ ok: false, code: "CART_LOCKED" });
    expect(await stub.addItem({ variant: variant("b"), quantity: 1, currency: "USD" })).toMatchObject({ ok: false, code: "CART_LOCKED" });
    expect(await stub.applyPromotion("WELCOME10", DEMO_SNAPSHOT)).toMatchObject({ ok: false, code: "CART_LOCKED" });
    expect((await stub.view()).locked).toBe(true);
  });

  it("gives the same snapshot for the same key, and refuses another key", async () => {
    const { stub } = await cartWithItem();
    const first = await stub.beginCheckout("key-1");
    const again = await stub.beginCheckout("key-1");
    expect(again).toMatchObject({ ok: true, resumed: true });
    expect(again.ok && again.snapshot).toEqual(first.ok && first.snapshot);
    expect(await stub.beginCheckout("key-2")).toMatchObject({ ok: false, code: "CHECKOUT_IN_PROGRESS" });
  });

  it("refuses to check out an empty cart", async () => {
    const { stub } = newCart();
    expect(await stub.beginCheckout("k")).toMatchObject({ ok: false, code: "CART_EMPTY" });
  });

  it("empties the cart on completion and remembers the order; completing twice is harmless", async () => {
    const { stub } = await cartWithItem();
    await stub.applyPromotion("WELCOME10", DEMO_SNAPSHOT);
    await stub.beginCheckout("key-1");
    const done = await stub.completeCheckout("key-1", "order-1");
    expect(done).toMatchObject({ ok: true, cart: { lines: [], promotions: [], total: 0, locked: false } });
    expect(await stub.checkoutState()).toEqual({ locked: false, lapsed: false, idempotencyKey: null, startedAt: null, lastOrderId: "order-1" });
    expect((await stub.completeCheckout("key-1", "order-1")).ok).toBe(true);
    expect(await stub.completeCheckout("key-2", "order-2")).toMatchObject({ ok: false, code: "NO_CHECKOUT" });
  });

  it("unlocks on abort with the lines untouched", async () => {
    const { stub, lineId } = await cartWithItem();
    await stub.beginCheckout("key-1");
    const aborted = await stub.abortCheckout("key-1");
    expect(aborted.ok && aborted.cart.lines.map((l) => l.quantity)).toEqual([2]);
    expect((await stub.updateItem(lineId, 4)).ok).toBe(true);
    expect((await stub.beginCheckout("key-2")).ok).toBe(true);
  });

  it("lets a hold lapse if the checkout never finishes", async () => {
    const { stub, lineId } = await cartWithItem();
    await stub.beginCheckout("key-1");
    // The clock moves past the hold's time-to-live (the object reads the same clock as the test).
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + CHECKOUT_LOCK_TTL_MS + 1 });
    expect(await stub.checkoutState()).toMatchObject({ locked: false, lapsed: true, idempotencyKey: "key-1" });
    expect((await stub.updateItem(lineId, 3)).ok).toBe(true);
    // The change forgot the lapsed hold.
    expect(await stub.checkoutState()).toMatchObject({ locked: false, lapsed: false, idempotencyKey: null });
    expect((await stub.beginCheckout("key-2")).ok).toBe(true);
  });
});
