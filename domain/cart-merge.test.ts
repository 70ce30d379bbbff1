import { describe, expect, it } from "vitest";
import { MAX_CART_LINES, type CartLine } from "./cart.ts";
import { mergeLines } from "./cart-merge.ts";

const line = (id: string, variantId: string, quantity: number): CartLine => ({
  id,
  variantId,
  productSlug: variantId,
  title: `Item ${variantId}`,
  sku: variantId,
  imageUrl: "",
  unitPrice: 1000,
  quantity,
});

let n = 0;
const newId = () => `new-${++n}`;

describe("merging a guest cart into a customer's cart", () => {
  it("adds quantities for shared variants and appends the others", () => {
    const r = mergeLines([line("t1", "a", 1)], [line("s1", "a", 2), line("s2", "b", 1)], newId);
    expect(r.lines.map((l) => [l.variantId, l.quantity])).toEqual([
      ["a", 3],
      ["b", 1],
    ]);
    expect(r.lines[0]?.id).toBe("t1");
    expect(r.changed).toHaveLength(2);
    expect(r.notes).toEqual([]);
  });

  it("caps at 99 instead of refusing, with a note", () => {
    const r = mergeLines([line("t1", "a", 60)], [line("s1", "a", 60)], newId);
    expect(r.lines[0]?.quantity).toBe(99);
    expect(r.notes).toEqual([{ variantId: "a", title: "Item a", reason: "CAPPED" }]);
  });

  it("leaves out new items that do not fit, with a note", () => {
    const full = Array.from({ length: MAX_CART_LINES }, (_, i) => line(`t${i}`, `v${i}`, 1));
    const r = mergeLines(full, [line("s1", "new", 1)], newId);
    expect(r.lines).toHaveLength(MAX_CART_LINES);
    expect(r.notes).toEqual([{ variantId: "new", title: "Item new", reason: "NO_ROOM" }]);
  });

  it("gives merged-in lines fresh ids, never reusing the source cart's", () => {
    const r = mergeLines([], [line("s1", "a", 1)], newId);
    expect(r.lines[0]?.id).toMatch(/^new-/);
  });
});
