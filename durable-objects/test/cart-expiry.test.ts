import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DEFAULT_CUSTOMER_CART_TTL_DAYS, DEFAULT_GUEST_CART_TTL_DAYS } from "../src/cart-expiry.ts";
import type { CartObject } from "../src/cart-object.ts";
import { newCart, variant } from "./fixtures.ts";

const DAY = 24 * 60 * 60 * 1000;
const alarmOf = (stub: DurableObjectStub<CartObject>) => runInDurableObject(stub, (_i: CartObject, state) => state.storage.getAlarm());

describe("CartObject expiry", () => {
  it("sets no alarm for a cart that was only looked at", async () => {
    const { stub } = newCart();
    await stub.view();
    expect(await alarmOf(stub)).toBeNull();
  });

  it("sets the alarm 30 days out for a guest cart on every change", async () => {
    const { stub } = newCart();
    const before = Date.now();
    await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" });
    const first = (await alarmOf(stub)) ?? 0;
    expect(first).toBeGreaterThanOrEqual(before + DEFAULT_GUEST_CART_TTL_DAYS * DAY);
    expect(first).toBeLessThan(Date.now() + DEFAULT_GUEST_CART_TTL_DAYS * DAY + 1000);
    await new Promise((r) => setTimeout(r, 5));
    await stub.setEmail("a@example.com");
    expect((await alarmOf(stub)) ?? 0).toBeGreaterThan(first);
  });

  it("gives a customer's cart longer", async () => {
    const { stub } = newCart("customer");
    await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" });
    expect((await alarmOf(stub)) ?? 0).toBeGreaterThan(Date.now() + (DEFAULT_CUSTOMER_CART_TTL_DAYS - 1) * DAY);
  });

  it("deletes everything when the alarm fires, and the cart works again afterwards", async () => {
    const { stub } = newCart();
    await stub.addItem({ variant: variant("a"), quantity: 3, currency: "GBP" });
    await stub.setEmail("a@example.com");
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.view()).toMatchObject({ lines: [], email: null, currency: "USD" });
    const again = await stub.addItem({ variant: variant("b"), quantity: 1, currency: "USD" });
    expect(again.ok && again.cart.lines.map((l) => l.variantId)).toEqual(["b"]);
  });
});
