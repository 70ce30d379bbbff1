import { describe, expect, it } from "vitest";
import { CURRENCIES } from "../../../domain/money.ts";
import { DEFAULT_PRODUCT_COUNT, generateCatalog } from "../seed/generate.ts";
import { localPrice } from "../seed/prices.ts";
import { mulberry32 } from "../seed/prng.ts";

describe("demo catalog generator", () => {
  const catalog = generateCatalog({ seed: 7, products: DEFAULT_PRODUCT_COUNT });
  const variants = catalog.products.flatMap((p) => p.variants);

  it("gives the identical catalog for the same seed, and a different one for another seed", () => {
    expect(generateCatalog({ seed: 7, products: DEFAULT_PRODUCT_COUNT })).toEqual(catalog);
    expect(generateCatalog({ seed: 8, products: 50 }).products).not.toEqual(catalog.products.slice(0, 50));
  });

  it("builds a two-level tree of about twenty categories under at least three roots", () => {
    const roots = catalog.categories.filter((c) => c.parentId === null);
    const children = catalog.categories.filter((c) => c.parentId !== null);
    expect(roots.length).toBeGreaterThanOrEqual(3);
    expect(catalog.categories.length).toBeGreaterThanOrEqual(18);
    expect(children.every((c) => roots.some((r) => r.id === c.parentId))).toBe(true);
    expect(catalog.categories.map((c) => c.slug)).toEqual(expect.arrayContaining(["apparel", "apparel-shirts", "apparel-hoodies", "home-mugs"]));
  });

  it("makes 2,000 products with unique ids, slugs and SKUs, each in a leaf category", () => {
    expect(catalog.products).toHaveLength(2_000);
    expect(new Set(catalog.products.map((p) => p.id)).size).toBe(2_000);
    expect(new Set(catalog.products.map((p) => p.slug)).size).toBe(2_000);
    expect(new Set(variants.map((v) => v.sku)).size).toBe(variants.length);
    expect(new Set(variants.map((v) => v.id)).size).toBe(variants.length);
    const leaves = new Set(catalog.categories.filter((c) => c.parentId !== null).map((c) => c.id));
    expect(catalog.products.every((p) => leaves.has(p.categoryId) && /^[a-z0-9-]+$/.test(p.slug))).toBe(true);
  });

  it("makes one variant per combination of option values", () => {
    for (const p of catalog.products) {
      const combinations = p.options.reduce((n, o) => n * o.values.length, 1);
      expect(p.variants).toHaveLength(combinations);
      const keys = new Set(p.variants.map((v) => JSON.stringify(v.options)));
      expect(keys.size).toBe(combinations);
    }
    const shirt = catalog.products.find((p) => p.categoryId === "cat_01_02");
    expect(shirt?.options.find((o) => o.name === "Size")?.values).toEqual(["S", "M", "L", "XL"]);
  });

  it("prices every variant in USD, EUR and GBP as whole minor units", () => {
    for (const v of variants) {
      for (const currency of CURRENCIES) {
        expect(Number.isSafeInteger(v.prices[currency]) && v.prices[currency] > 0).toBe(true);
      }
      expect([99, 0]).toContain(v.prices.EUR % 100);
    }
  });

  it("has some sold-out and some low-stock variants, and a few inactive ones", () => {
    expect(variants.filter((v) => v.stock === 0).length).toBeGreaterThan(50);
    expect(variants.filter((v) => v.stock > 0 && v.stock <= 5).length).toBeGreaterThan(50);
    expect(variants.filter((v) => !v.active).length).toBeGreaterThan(0);
    expect(catalog.products.filter((p) => !p.active).length).toBeGreaterThan(0);
  });

  it("gives each product a self-contained SVG picture and a real description", () => {
    for (const p of catalog.products.slice(0, 100)) {
      expect(p.imageUrl.startsWith("data:image/svg+xml,")).toBe(true);
      expect(decodeURIComponent(p.imageUrl.slice("data:image/svg+xml,".length))).toMatch(/^<svg .*<\/svg>$/);
      expect(p.description.length).toBeGreaterThan(30);
    }
  });
});

describe("local prices", () => {
  it("converts with integer maths and keeps the price style", () => {
    expect(localPrice(1299, "USD")).toBe(1299);
    expect(localPrice(1299, "EUR")).toBe(1199);
    expect(localPrice(4000, "EUR")).toBe(3700);
    expect(localPrice(1299, "GBP")).toBe(999);
    expect(localPrice(99, "GBP")).toBe(99);
  });
});

describe("mulberry32", () => {
  it("repeats its sequence for a seed and stays in range", () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const draws = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(draws);
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    const r = mulberry32(2);
    expect(Array.from({ length: 500 }, () => r.int(3, 5)).every((n) => n >= 3 && n <= 5)).toBe(true);
  });
});
