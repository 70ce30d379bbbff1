import { describe, expect, it } from "vitest";
import { DEMO_PROMOTIONS } from "./promotions/demo.ts";
import { SHIPPING_RATES } from "./shipping-tax.ts";
import { computeTotals, priceWithPromotions, type PromotableLine } from "./totals.ts";

const lines: PromotableLine[] = [
  { variantId: "a", unitPrice: 1999, quantity: 1 },
  { variantId: "b", unitPrice: 1000, quantity: 2 },
  { variantId: "c", unitPrice: 1, quantity: 1 },
];

function totalsFor(codes: string[], country?: string) {
  return priceWithPromotions({ currency: "USD", lines, codes, definitions: DEMO_PROMOTIONS, shippingCountry: country }).totals;
}

describe("cart totals", () => {
  it("adds up lines and items, with flat shipping and no tax before an address", () => {
    expect(totalsFor([])).toEqual({
      subtotal: 4000,
      discountTotal: 0,
      shippingTotal: SHIPPING_RATES.USD.flat,
      taxTotal: 0,
      total: 4000 + SHIPPING_RATES.USD.flat,
      itemCount: 4,
      lineDiscounts: [0, 0, 0],
    });
  });

  it("spreads a discount over the lines so the shares add up exactly", () => {
    const t = totalsFor(["WELCOME10"]);
    expect(t.discountTotal).toBe(400);
    expect(t.lineDiscounts).toEqual([200, 200, 0]);
    expect(t.lineDiscounts.reduce((a, b) => a + b, 0)).toBe(t.discountTotal);
  });

  it("taxes discounted goods plus shipping at the destination's rate", () => {
    const t = totalsFor(["WELCOME10"], "GB");
    expect(t.taxTotal).toBe(Math.round((3600 + SHIPPING_RATES.USD.flat) * 0.2));
    expect(t.total).toBe(t.subtotal - t.discountTotal + t.shippingTotal + t.taxTotal);
  });

  it("drops shipping with FREESHIP", () => {
    expect(totalsFor(["FREESHIP"]).shippingTotal).toBe(0);
  });

  it("is all zeros for an empty cart", () => {
    const t = computeTotals({ currency: "EUR", lines: [], shippingCountry: "DE" });
    expect(t).toEqual({ subtotal: 0, discountTotal: 0, shippingTotal: 0, taxTotal: 0, total: 0, itemCount: 0, lineDiscounts: [] });
  });

  it("always reconciles, for many random carts", () => {
    for (let seed = 1; seed < 200; seed++) {
      const random = (n: number) => ((seed * 9301 + n * 49297) % 233280) % 5000;
      const ls = Array.from({ length: 1 + (seed % 7) }, (_, i) => ({ variantId: `v${i}`, unitPrice: 1 + random(i), quantity: 1 + (i % 3) }));
      const { totals: t } = priceWithPromotions({ currency: "USD", lines: ls, codes: ["WELCOME10", "SAVE5"], definitions: DEMO_PROMOTIONS, shippingCountry: "FR" });
      expect(t.lineDiscounts.reduce((a, b) => a + b, 0)).toBe(t.discountTotal);
      expect(t.total).toBe(t.subtotal - t.discountTotal + t.shippingTotal + t.taxTotal);
      expect(t.discountTotal).toBeLessThanOrEqual(t.subtotal);
      expect(Number.isInteger(t.taxTotal)).toBe(true);
    }
  });
});
