import { describe, expect, it } from "vitest";
import { buildCartView, type CartState } from "./cart-view.ts";
import { checkEmail, checkShippingAddress } from "./cart-contact.ts";

const state: CartState = {
  id: "guest:abc",
  currency: "USD",
  lines: [
    { id: "l1", variantId: "a", productSlug: "mug", title: "Mug", sku: "MUG", imageUrl: "", unitPrice: 1500, quantity: 2 },
    { id: "l2", variantId: "b", productSlug: "tee", title: "Tee", sku: "TEE", imageUrl: "", unitPrice: 2500, quantity: 1 },
  ],
  promotionCodes: ["SAVE5", "FREESHIP"],
  warnings: [],
  locked: false,
};

describe("the cart view", () => {
  it("carries line totals, each line's discount share and the totals", () => {
    const view = buildCartView(state);
    expect(view.lines.map((l) => [l.id, l.lineTotal, l.discount])).toEqual([
      ["l1", 3000, 273],
      ["l2", 2500, 227],
    ]);
    expect(view).toMatchObject({ subtotal: 5500, discountTotal: 500, shippingTotal: 0, taxTotal: 0, total: 5000, itemCount: 3 });
    expect(view.promotions.map((p) => [p.code, p.applied])).toEqual([
      ["SAVE5", true],
      ["FREESHIP", true],
    ]);
    expect(view.email).toBeNull();
    expect(view.shippingAddress).toBeNull();
  });

  it("is plain data that survives a JSON round trip unchanged", () => {
    const view = buildCartView({ ...state, email: "a@b.co", shippingAddress: { name: "A", line1: "1 St", city: "X", postalCode: "1", country: "GB" } });
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
    expect(view.taxTotal).toBe(1000);
  });
});

describe("contact details", () => {
  it("accepts and normalises an email, refusing junk", () => {
    expect(checkEmail("  Ann@Example.COM ")).toEqual({ ok: true, value: "ann@example.com" });
    expect(checkEmail("not-an-email")).toMatchObject({ ok: false, code: "INVALID_EMAIL", field: "email" });
  });

  it("needs name, line1, city, postal code and a two-letter country", () => {
    const good = { name: "Ann", line1: "1 High St", city: "Leeds", postalCode: "LS1", country: "gb", line2: " " };
    expect(checkShippingAddress(good)).toMatchObject({ ok: true, value: { country: "GB", line2: undefined } });
    expect(checkShippingAddress({ ...good, city: "" })).toMatchObject({ ok: false, field: "city" });
    expect(checkShippingAddress({ ...good, country: "GBR" })).toMatchObject({ ok: false, field: "country" });
  });
});
