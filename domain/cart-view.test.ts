import { describe, expect, it } from "vitest";
import { buildCartView, codeRefusal, type CartState } from "./cart-view.ts";
import { DEMO_PROMOTIONS } from "./promotions/demo.ts";
import { promotion } from "./promotions/fixtures.ts";
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

  it("lists applied automatic promotions, and entered codes that do not apply with the reason", () => {
    const definitions = [
      promotion({ id: "auto-ship", description: "Free shipping this week", target: "shipping", effect: { kind: "free_shipping" } }),
      promotion({ id: "save5", codes: ["SAVE5"], description: "5.00 off", effect: { kind: "fixed_amount", amountOff: { USD: 500 } }, conditions: { minSubtotal: { USD: 10_000 } } }),
    ];
    const view = buildCartView({ ...state, promotionCodes: ["SAVE5", "NOPE"] }, definitions, { now: Date.parse("2026-06-01T00:00:00Z") });
    expect(view.promotions).toEqual([
      { promotionId: "auto-ship", code: null, description: "Free shipping this week", amount: 0, shippingAmount: 599, freeShipping: true, lines: [], applied: true },
      { promotionId: null, code: "NOPE", description: "", amount: 0, shippingAmount: 0, freeShipping: false, lines: [], applied: false, message: "NOPE is not a valid code" },
      { promotionId: "save5", code: "SAVE5", description: "5.00 off", amount: 0, shippingAmount: 0, freeShipping: false, lines: [], applied: false, message: "spend $100.00 to use SAVE5" },
    ]);
    expect(view).toMatchObject({ shippingTotal: 0, discountTotal: 0 });
  });

  it("keys each promotion's line discounts by cart line id", () => {
    const view = buildCartView({ ...state, promotionCodes: ["WELCOME10"] });
    expect(view.promotions[0]?.lines).toEqual([
      { key: "l1", amount: 300 },
      { key: "l2", amount: 250 },
    ]);
    expect(view.lines.map((l) => l.discount)).toEqual([300, 250]);
  });

  it("says why a code would not apply before it is added", () => {
    expect(codeRefusal(state, [promotion({ id: "x", name: "Exclusive", effect: { kind: "percentage", basisPoints: 5000 }, combination: { combinable: false } }), promotion({ id: "y", codes: ["Y"], effect: { kind: "percentage", basisPoints: 100 } })], "Y")).toBe(
      "Y doesn't combine with Exclusive",
    );
    expect(codeRefusal({ ...state, promotionCodes: [] }, DEMO_PROMOTIONS, "WELCOME10")).toBeNull();
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
