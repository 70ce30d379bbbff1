import { afterEach, describe, expect, it, vi } from "vitest";
import { CHECKOUT_LOCK_TTL_MS } from "../src/cart-lock.ts";
import { newCart, variant } from "./fixtures.ts";

/**
 * A hold is settled only by its own checkout: a duplicate or an older request cannot free or
 * empty a cart another checkout holds, and a hold that lapsed is still settled by its key
 * until the shopper changes the cart.
 */
async function heldCart(key: string) {
  const cart = newCart();
  const added = await cart.stub.addItem({ variant: variant("a"), quantity: 2, currency: "USD" });
  const lineId = (added.ok && added.cart.lines[0]?.id) || "";
  expect((await cart.stub.beginCheckout(key)).ok).toBe(true);
  return { ...cart, lineId };
}

/** The clock moves past the hold's time-to-live (the object reads the same clock as the test). */
function lapse(): void {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + CHECKOUT_LOCK_TTL_MS + 1 });
}
afterEach(() => {
  vi.useRealTimers();
});

describe("settling a checkout hold by its key", () => {
  it("ignores an abort or a completion sent with another key", async () => {
    const { stub } = await heldCart("in-flight");
    expect(await stub.abortCheckout("duplicate")).toMatchObject({ ok: false, code: "NO_CHECKOUT" });
    expect(await stub.completeCheckout("older", "order-old")).toMatchObject({ ok: false, code: "NO_CHECKOUT" });
    expect(await stub.checkoutState()).toMatchObject({ locked: true, idempotencyKey: "in-flight" });
    expect((await stub.view()).lines).toHaveLength(1);
  });

  it("refuses a missing or empty key", async () => {
    const { stub } = await heldCart("k");
    expect(await stub.abortCheckout("")).toMatchObject({ ok: false, code: "INVALID_ARGUMENT", field: "idempotencyKey" });
    expect(await stub.completeCheckout("", "order-1")).toMatchObject({ ok: false, code: "INVALID_ARGUMENT", field: "idempotencyKey" });
    expect((await stub.checkoutState()).locked).toBe(true);
  });

  it("empties the cart when a lapsed hold's order turns out paid, if the cart is unchanged", async () => {
    const { stub } = await heldCart("slow-payment");
    lapse();
    expect(await stub.checkoutState()).toMatchObject({ locked: false, lapsed: true, idempotencyKey: "slow-payment" });
    const done = await stub.completeCheckout("slow-payment", "order-late");
    expect(done).toMatchObject({ ok: true, cart: { lines: [], locked: false } });
    expect(await stub.checkoutState()).toMatchObject({ lapsed: false, idempotencyKey: null, lastOrderId: "order-late" });
  });

  it("keeps the cart the shopper changed after the hold lapsed", async () => {
    const { stub, lineId } = await heldCart("slow-payment");
    lapse();
    expect((await stub.updateItem(lineId, 5)).ok).toBe(true);
    expect(await stub.completeCheckout("slow-payment", "order-late")).toMatchObject({ ok: false, code: "NO_CHECKOUT" });
    expect((await stub.view()).lines.map((l) => l.quantity)).toEqual([5]);
  });

  it("does not forget a lapsed hold on a change that was refused", async () => {
    const { stub, lineId } = await heldCart("slow-payment");
    lapse();
    expect((await stub.updateItem(lineId, 0)).ok).toBe(false);
    expect((await stub.checkoutState()).idempotencyKey).toBe("slow-payment");
  });

  it("holds the cart again when a lapsed checkout is retried with its key", async () => {
    const { stub, lineId } = await heldCart("retried");
    lapse();
    const again = await stub.beginCheckout("retried");
    expect(again).toMatchObject({ ok: true, resumed: true });
    expect(await stub.checkoutState()).toMatchObject({ locked: true, idempotencyKey: "retried" });
    expect(await stub.updateItem(lineId, 3)).toMatchObject({ ok: false, code: "CART_LOCKED" });
  });
});
