import { describe, expect, it } from "vitest";
import { allocate, percentOf } from "./money.ts";

describe("money", () => {
  it("takes percentages in basis points, rounding half away from zero", () => {
    expect(percentOf(1999, 1000)).toBe(200);
    expect(percentOf(5, 1000)).toBe(1);
    expect(percentOf(4, 1000)).toBe(0);
    expect(percentOf(-5, 1000)).toBe(-1);
  });
  it("allocates a total across weights so the parts add up exactly", () => {
    const parts = allocate(100, [1, 1, 1]);
    expect(parts).toEqual([34, 33, 33]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(100);
    expect(allocate(1001, [2999, 1, 7000]).reduce((a, b) => a + b, 0)).toBe(1001);
  });
});
