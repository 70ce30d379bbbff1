import { describe, expect, it } from "vitest";
import type { CartLine } from "./cart.ts";
import type { SellableVariant } from "./catalog.ts";
import { mergeWarnings, refreshLines, warningsAfterChange, type CartWarning } from "./cart-warnings.ts";

const line: CartLine = { id: "l1", variantId: "a", productSlug: "a", title: "Mug", sku: "A", imageUrl: "", unitPrice: 1000, quantity: 2, productId: "p", categorySlugs: ["apparel"] };
const fresh = (overrides: Partial<SellableVariant> = {}): SellableVariant => ({
  variantId: "a",
  productId: "p",
  categorySlugs: ["apparel"],
  productSlug: "a",
  title: "Mug",
  sku: "A",
  imageUrl: "",
  prices: { USD: 1000 },
  active: true,
  stockState: "in_stock",
  ...overrides,
});

describe("refreshing prices from the catalog", () => {
  it("changes nothing and warns of nothing when the catalog agrees", () => {
    expect(refreshLines([line], [fresh()], "USD", [])).toEqual({ lines: [line], changed: [], warnings: [] });
  });

  it("fills in what promotions match on for a line stored without it, silently", () => {
    const { productId: _p, categorySlugs: _c, ...old } = line;
    const r = refreshLines([old], [fresh({ categorySlugs: ["home", "home-mugs"] })], "USD", []);
    expect(r.changed).toEqual([{ ...line, categorySlugs: ["home", "home-mugs"] }]);
    expect(r.warnings).toEqual([]);
  });

  it("moves the line to the new price and says so", () => {
    const r = refreshLines([line], [fresh({ prices: { USD: 1200 } })], "USD", []);
    expect(r.lines[0]?.unitPrice).toBe(1200);
    expect(r.changed).toHaveLength(1);
    expect(r.warnings).toEqual([
      expect.objectContaining({ code: "PRICE_CHANGED", lineId: "l1", previousPrice: 1000, currentPrice: 1200, message: expect.stringContaining("$12.00") }),
    ]);
  });

  it("keeps a price-change notice on the next refresh, but not a stale stock warning", () => {
    const first = refreshLines([line], [fresh({ prices: { USD: 1200 }, stockState: "out_of_stock" })], "USD", []);
    expect(first.warnings.map((w) => w.code).sort()).toEqual(["OUT_OF_STOCK", "PRICE_CHANGED"]);
    const second = refreshLines(first.lines, [fresh({ prices: { USD: 1200 } })], "USD", first.warnings);
    expect(second.warnings.map((w) => w.code)).toEqual(["PRICE_CHANGED"]);
  });

  it("flags lines whose variant is gone, inactive or unpriced, keeping the line", () => {
    for (const variants of [[], [fresh({ active: false })], [fresh({ prices: { EUR: 900 } })]]) {
      const r = refreshLines([line], variants, "USD", []);
      expect(r.lines).toEqual([line]);
      expect(r.warnings.map((w) => w.code)).toEqual(["UNAVAILABLE"]);
    }
  });
});

describe("warnings after the shopper changes the cart", () => {
  it("drops past-event notices and warnings about removed lines", () => {
    const warnings: CartWarning[] = [
      { code: "PRICE_CHANGED", variantId: "a", lineId: "l1", message: "" },
      { code: "OUT_OF_STOCK", variantId: "a", lineId: "l1", message: "" },
      { code: "OUT_OF_STOCK", variantId: "b", lineId: "gone", message: "" },
      { code: "NOT_MERGED", variantId: "c", message: "" },
    ];
    expect(warningsAfterChange(warnings, [line]).map((w) => [w.code, w.lineId])).toEqual([["OUT_OF_STOCK", "l1"]]);
  });
});

describe("merge notes", () => {
  it("turns each note into a warning the shopper can read", () => {
    const warnings = mergeWarnings([
      { variantId: "a", title: "Mug", reason: "CAPPED" },
      { variantId: "b", title: "Tee", reason: "NO_ROOM" },
      { variantId: "c", title: "Cap", reason: "OTHER_CURRENCY" },
    ]);
    expect(warnings.map((w) => w.code)).toEqual(["QUANTITY_CAPPED", "NOT_MERGED", "NOT_MERGED"]);
    expect(warnings[2]?.message).toContain("another currency");
  });
});
