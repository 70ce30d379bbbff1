import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_CUSTOMER_CART_TTL_DAYS, DEFAULT_GUEST_CART_TTL_DAYS, EXPIRY_GRANULARITY_MS } from "../src/cart-expiry.ts";
import type { CartObject } from "../src/cart-object.ts";
import { newCart, variant } from "./fixtures.ts";

const DAY = 24 * 60 * 60 * 1000;
const alarmOf = (stub: DurableObjectStub<CartObject>) => runInDurableObject(stub, (_i: CartObject, state) => state.storage.getAlarm());

afterEach(() => {
  vi.useRealTimers();
});

describe("CartObject expiry", () => {
  it("sets no alarm for a cart that was only looked at", async () => {
    const { stub } = newCart();
    await stub.view();
    expect(await alarmOf(stub)).toBeNull();
  });

  it("sets the alarm 30 days out for a guest cart on every change, to the whole minute", async () => {
    const { stub } = newCart();
    const before = Date.now();
    await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" });
    const first = (await alarmOf(stub)) ?? 0;
    expect(first).toBeGreaterThanOrEqual(before + DEFAULT_GUEST_CART_TTL_DAYS * DAY);
    expect(first).toBeLessThanOrEqual(Date.now() + DEFAULT_GUEST_CART_TTL_DAYS * DAY + EXPIRY_GRANULARITY_MS);
    expect(first % EXPIRY_GRANULARITY_MS).toBe(0);
    // A change a few minutes later moves it out again (the object reads the test's clock).
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 3 * EXPIRY_GRANULARITY_MS });
    await stub.setEmail("a@example.com");
    expect((await alarmOf(stub)) ?? 0).toBeGreaterThanOrEqual(first + 2 * EXPIRY_GRANULARITY_MS);
  });

  it("keeps the alarm on the recorded expiry, never earlier than a lifetime after the last change", async () => {
    const { stub } = newCart();
    await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" });
    await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" });
    const last = Date.now();
    await stub.addItem({ variant: variant("b"), quantity: 1, currency: "USD" });
    const alarm = (await alarmOf(stub)) ?? 0;
    expect(alarm).toBeGreaterThanOrEqual(last + DEFAULT_GUEST_CART_TTL_DAYS * DAY);
    expect(await runInDurableObject(stub, (_i: CartObject, state) => state.storage.sql.exec<{ at: number }>("SELECT at FROM cart_timers WHERE name = 'expire'").one().at)).toBe(alarm);
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
