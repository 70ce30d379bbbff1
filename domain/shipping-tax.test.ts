import { describe, expect, it } from "vitest";
import { SHIPPING_RATES, shippingFor, taxFor, taxRateFor } from "./shipping-tax.ts";

describe("shipping", () => {
  const usd = SHIPPING_RATES.USD;
  it("charges the flat rate below the threshold", () => {
    expect(shippingFor({ currency: "USD", subtotal: usd.freeFrom - 1, itemCount: 1 })).toBe(usd.flat);
  });
  it("is free from the threshold up, judged on the subtotal before discounts", () => {
    expect(shippingFor({ currency: "USD", subtotal: usd.freeFrom, itemCount: 1 })).toBe(0);
  });
  it("is free for an empty cart", () => {
    expect(shippingFor({ currency: "GBP", subtotal: 0, itemCount: 0 })).toBe(0);
  });
  it("has a rate for every currency", () => {
    expect(Object.keys(SHIPPING_RATES).sort()).toEqual(["EUR", "GBP", "USD"]);
  });
});

describe("tax", () => {
  it("is zero until a destination is known", () => {
    expect(taxFor(10_000, undefined)).toBe(0);
  });
  it("is exclusive, at the destination's rate, rounded half up", () => {
    expect(taxRateFor("gb")).toBe(2000);
    expect(taxFor(10_000, "GB")).toBe(2000);
    expect(taxFor(1_005, "DE")).toBe(191); // 190.95
  });
  it("is zero for a country not in the table, and for nothing taxable", () => {
    expect(taxFor(10_000, "ZZ")).toBe(0);
    expect(taxFor(0, "GB")).toBe(0);
  });
});
