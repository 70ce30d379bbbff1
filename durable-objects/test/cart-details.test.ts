import { describe, expect, it } from "vitest";
import { SHIPPING_RATES } from "../../domain/shipping-tax.ts";
import { newCart, variant, DEMO_SNAPSHOT } from "./fixtures.ts";

describe("CartObject promotions, contact details and totals", () => {
  it("applies WELCOME10 and shows the discount in the totals", async () => {
    const { stub } = newCart();
    await stub.addItem({ variant: variant("a"), quantity: 2, currency: "USD" });
    const r = await stub.applyPromotion("welcome10", DEMO_SNAPSHOT);
    expect(r.ok && r.cart.promotions).toEqual([expect.objectContaining({ code: "WELCOME10", applied: true, amount: 400 })]);
    expect(r).toMatchObject({ ok: true, cart: { subtotal: 4000, discountTotal: 400, shippingTotal: SHIPPING_RATES.USD.flat, total: 3600 + SHIPPING_RATES.USD.flat } });
  });

  it("refuses unknown codes and codes the cart does not qualify for, naming the code field", async () => {
    const { stub } = newCart();
    await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" });
    expect(await stub.applyPromotion("BOGUS", DEMO_SNAPSHOT)).toMatchObject({ ok: false, code: "PROMOTION_NOT_FOUND", field: "code" });
    expect(await stub.applyPromotion("SAVE5", DEMO_SNAPSHOT)).toMatchObject({ ok: false, code: "PROMOTION_NOT_APPLICABLE", field: "code" });
  });

  it("keeps an applied code when the cart drops below its minimum, explaining why it is off", async () => {
    const { stub } = newCart();
    const added = await stub.addItem({ variant: variant("a"), quantity: 3, currency: "USD" });
    expect((await stub.applyPromotion("SAVE5", DEMO_SNAPSHOT)).ok).toBe(true);
    const lineId = (added.ok && added.cart.lines[0]?.id) || "";
    const r = await stub.updateItem(lineId, 1);
    expect(r.ok && r.cart.promotions[0]).toMatchObject({ code: "SAVE5", applied: false, amount: 0, message: expect.stringContaining("$50.00") });
    expect(r.ok && r.cart.discountTotal).toBe(0);
  });

  it("removes a code, and removing one not applied is fine", async () => {
    const { stub } = newCart();
    await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" });
    await stub.applyPromotion("FREESHIP", DEMO_SNAPSHOT);
    expect((await stub.view()).shippingTotal).toBe(0);
    const r = await stub.removePromotion("freeship");
    expect(r.ok && r.cart.promotions).toEqual([]);
    expect((await stub.removePromotion("NEVER")).ok).toBe(true);
  });

  it("stores email and shipping address; tax follows the destination", async () => {
    const { stub } = newCart();
    await stub.addItem({ variant: variant("a"), quantity: 5, currency: "GBP" });
    expect(await stub.setEmail("nope")).toMatchObject({ ok: false, code: "INVALID_EMAIL", field: "email" });
    expect((await stub.setEmail("Shopper@Example.com")).ok).toBe(true);
    const r = await stub.setShippingAddress({ name: "Ann", line1: "1 High St", city: "Leeds", postalCode: "LS1 1AA", country: "gb" });
    expect(r).toMatchObject({ ok: true, cart: { email: "shopper@example.com", shippingAddress: { country: "GB" }, subtotal: 8000, shippingTotal: 0, taxTotal: 1600, total: 9600 } });
    expect(await stub.setShippingAddress({ name: "Ann", line1: "", city: "Leeds", postalCode: "1", country: "GB" })).toMatchObject({ ok: false, field: "line1" });
  });
});
