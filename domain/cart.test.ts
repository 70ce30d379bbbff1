import { describe, expect, it } from "vitest";
import { addLine, MAX_CART_LINES, removeLine, setLineQuantity, type CartLine } from "./cart.ts";
import type { SellableVariant } from "./catalog.ts";

function variant(id: string, overrides: Partial<SellableVariant> = {}): SellableVariant {
  return {
    variantId: id,
    productId: `p-${id}`,
    categorySlugs: ["apparel"],
    productSlug: `product-${id}`,
    title: `Item ${id}`,
    sku: `SKU-${id}`,
    imageUrl: `/img/${id}.jpg`,
    prices: { USD: 1250, EUR: 1100 },
    active: true,
    stockState: "in_stock",
    ...overrides,
  };
}

function cartWith(count: number): CartLine[] {
  let lines: CartLine[] = [];
  for (let i = 0; i < count; i++) {
    const r = addLine(lines, variant(`v${i}`), 1, "USD", `l${i}`);
    if (!r.ok) throw new Error(r.message);
    lines = r.lines;
  }
  return lines;
}

describe("adding to a cart", () => {
  it("adds a new line priced in the cart's currency", () => {
    const r = addLine([], variant("a"), 2, "EUR", "line-1");
    expect(r).toMatchObject({ ok: true, line: { id: "line-1", variantId: "a", unitPrice: 1100, quantity: 2 } });
  });

  it("adds quantity to the existing line when the variant is already in the cart", () => {
    const first = addLine([], variant("a"), 2, "USD", "line-1");
    if (!first.ok) throw new Error("setup");
    const second = addLine(first.lines, variant("a"), 3, "USD", "line-2");
    expect(second.ok && second.lines).toHaveLength(1);
    expect(second).toMatchObject({ ok: true, line: { id: "line-1", quantity: 5 } });
  });

  it("refuses to pass 99 of one item, saying how many are already there", () => {
    const first = addLine([], variant("a"), 90, "USD", "line-1");
    if (!first.ok) throw new Error("setup");
    const r = addLine(first.lines, variant("a"), 10, "USD", "line-2");
    expect(r).toMatchObject({ ok: false, code: "QUANTITY_LIMIT", field: "quantity" });
    expect(!r.ok && r.message).toContain("90");
    expect(addLine(first.lines, variant("a"), 9, "USD", "x")).toMatchObject({ ok: true, line: { quantity: 99 } });
  });

  it.each([0, -1, 100, 1.5, Number.NaN])("refuses a quantity of %s", (q) => {
    expect(addLine([], variant("a"), q, "USD", "l")).toMatchObject({ ok: false, code: "INVALID_QUANTITY", field: "quantity" });
  });

  it(`holds at most ${MAX_CART_LINES} different items`, () => {
    const full = cartWith(MAX_CART_LINES);
    expect(addLine(full, variant("extra"), 1, "USD", "l")).toMatchObject({ ok: false, code: "TOO_MANY_LINES" });
    // More of an item already there is still fine.
    expect(addLine(full, variant("v3"), 1, "USD", "l")).toMatchObject({ ok: true, line: { quantity: 2 } });
  });

  it("refuses inactive, sold-out and unpriced variants", () => {
    expect(addLine([], variant("a", { active: false }), 1, "USD", "l")).toMatchObject({ ok: false, code: "VARIANT_UNAVAILABLE" });
    expect(addLine([], variant("a", { stockState: "out_of_stock" }), 1, "USD", "l")).toMatchObject({ ok: false, code: "OUT_OF_STOCK" });
    expect(addLine([], variant("a"), 1, "GBP", "l")).toMatchObject({ ok: false, code: "PRICE_UNAVAILABLE" });
  });

  it("accepts low stock", () => {
    expect(addLine([], variant("a", { stockState: "low_stock" }), 1, "USD", "l").ok).toBe(true);
  });
});

describe("changing and removing lines", () => {
  const lines = cartWith(2);

  it("sets a line's quantity to the new value", () => {
    expect(setLineQuantity(lines, "l1", 7)).toMatchObject({ ok: true, line: { id: "l1", quantity: 7 } });
  });

  it("refuses quantities outside 1 to 99 and unknown lines", () => {
    expect(setLineQuantity(lines, "l1", 0)).toMatchObject({ ok: false, code: "INVALID_QUANTITY" });
    expect(setLineQuantity(lines, "l1", 100)).toMatchObject({ ok: false, code: "INVALID_QUANTITY" });
    expect(setLineQuantity(lines, "nope", 1)).toMatchObject({ ok: false, code: "LINE_NOT_FOUND" });
  });

  it("removes a line and leaves the others", () => {
    const r = removeLine(lines, "l0");
    expect(r.ok && r.lines.map((l) => l.id)).toEqual(["l1"]);
    expect(removeLine(lines, "nope")).toMatchObject({ ok: false, code: "LINE_NOT_FOUND" });
  });
});
