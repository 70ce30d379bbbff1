import { describe, expect, it } from "vitest";
import { wouldCycle } from "./category-tree.ts";
import { combinationKey, combinationsOf, combinationTitle, formatOptionLines, generatedSku, parseOptionLines, repeatedAt } from "./product-options.ts";

const SIZE = { name: "Size", values: ["S", "M", "L"] };
const COLOUR = { name: "Colour", values: ["Navy", "Sand"] };

describe("product options", () => {
  it("make every size × colour combination, sizes outermost, in the merchant's order", () => {
    const combos = combinationsOf([SIZE, COLOUR]);
    expect(combos).toHaveLength(6);
    expect(combos.map((c) => combinationTitle([SIZE, COLOUR], c))).toEqual(["S / Navy", "S / Sand", "M / Navy", "M / Sand", "L / Navy", "L / Sand"]);
  });

  it("make one variant without values when there are no options", () => {
    expect(combinationsOf([])).toEqual([{}]);
    expect(combinationTitle([], {})).toBe("Default");
  });

  it("generate SKUs from the slug and the values, in upper case with only letters, digits and dashes", () => {
    expect(generatedSku("sunset-tee", [SIZE, COLOUR], { Size: "M", Colour: "Navy Blue" })).toBe("SUNSET-TEE-M-NAVY-BLUE");
    expect(generatedSku("mug", [], {})).toBe("MUG");
  });

  it("key a combination the same whatever order its entries came in", () => {
    expect(combinationKey([SIZE, COLOUR], { Colour: "Sand", Size: "S" })).toBe(combinationKey([SIZE, COLOUR], { Size: "S", Colour: "Sand" }));
  });

  it("read option lines as the admin form writes them, and write them back the same", () => {
    const text = "Size: S, M, L\n\nColour: Navy,Sand\n";
    expect(parseOptionLines(text)).toEqual({ ok: true, options: [SIZE, COLOUR] });
    expect(formatOptionLines([SIZE, COLOUR])).toBe("Size: S, M, L\nColour: Navy, Sand");
  });

  it("refuse an option line without a name or values, naming the line", () => {
    expect(parseOptionLines("Size: S\nColour")).toMatchObject({ ok: false, line: 2 });
    expect(parseOptionLines(": S")).toMatchObject({ ok: false, line: 1 });
  });

  it("find the entries that repeat an earlier one", () => {
    expect(repeatedAt(["A", "B", "A", "C", "B"], (s) => s)).toEqual([2, 4]);
  });
});

describe("category tree", () => {
  const parentOf = new Map<string, string | null>([
    ["apparel", null],
    ["shirts", "apparel"],
    ["tees", "shirts"],
    ["home", null],
  ]);

  it("refuses a category under itself or under one of its descendants", () => {
    expect(wouldCycle(parentOf, "apparel", "apparel")).toBe(true);
    expect(wouldCycle(parentOf, "apparel", "tees")).toBe(true);
  });

  it("allows a move to another branch or to the top", () => {
    expect(wouldCycle(parentOf, "shirts", "home")).toBe(false);
    expect(wouldCycle(parentOf, "tees", null)).toBe(false);
  });
});
