import { describe, expect, it } from "vitest";
import type { ProductListPage, ProductSort, ProductSummary } from "../../../contracts/catalog/views.ts";
import type { Currency } from "../../../domain/money.ts";
import type { SeedProduct } from "../seed/generate.ts";
import type { CatalogFixture } from "./fixture.ts";

/**
 * The shopper listing's behaviour, run against each database driver (PGlite and the Neon driver
 * on a real Postgres), so both paths are held to the very same specification.
 */
const listed = (p: SeedProduct) => p.active && p.variants.some((v) => v.active);
const minPrice = (p: SeedProduct, currency: Currency) => Math.min(...p.variants.filter((v) => v.active).map((v) => v.prices[currency]));

export async function walk(fixture: CatalogFixture, params: Record<string, string>): Promise<ProductSummary[]> {
  const seen: ProductSummary[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const query = new URLSearchParams({ ...params, ...(cursor ? { cursor } : {}) });
    const res = await fixture.get(`/catalog/products?${query}`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as ProductListPage;
    seen.push(...page.products);
    cursor = page.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error("listing never ended");
}

function expectedOrder(products: SeedProduct[], sort: ProductSort, currency: Currency): string[] {
  const key = (p: SeedProduct) => (sort === "newest" ? Date.parse(p.createdAt) : minPrice(p, currency));
  const direction = sort === "price_asc" ? 1 : -1;
  return [...products]
    .sort((a, b) => direction * (key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    .map((p) => p.id);
}

export function listingSpecification(name: string, fixture: () => CatalogFixture): void {
  describe(`product listing (${name})`, () => {
    const cases: [ProductSort, Currency][] = [
      ["newest", "USD"],
      ["price_asc", "EUR"],
      ["price_desc", "GBP"],
    ];
    for (const [sort, currency] of cases) {
      it(`walks every listed product exactly once, in a stable ${sort} order, in ${currency}`, async () => {
        const f = fixture();
        const shown = await walk(f, { sort, currency, limit: "7" });
        const ids = shown.map((p) => p.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual(expectedOrder(f.catalog.products.filter(listed), sort, currency));
        const byId = new Map(f.catalog.products.map((p) => [p.id, p]));
        for (const p of shown) {
          const seeded = byId.get(p.id);
          expect(seeded && p.price).toEqual({ amount: seeded && minPrice(seeded, currency), currency });
        }
        expect(await walk(f, { sort, currency, limit: "7" })).toEqual(shown);
      });
    }

    it("leaves out inactive products and products with no active variant", async () => {
      const f = fixture();
      const hidden = f.catalog.products.filter((p) => !listed(p)).map((p) => p.id);
      const ids = new Set((await walk(f, { limit: "100" })).map((p) => p.id));
      expect(hidden.filter((id) => ids.has(id))).toEqual([]);
    });

    it("lists a root category with the products of all its sub-categories", async () => {
      const f = fixture();
      const root = f.catalog.categories.find((c) => c.slug === "apparel");
      const childIds = new Set(f.catalog.categories.filter((c) => c.parentId === root?.id).map((c) => c.id));
      const childSlugs = new Set(f.catalog.categories.filter((c) => childIds.has(c.id)).map((c) => c.slug));
      const shown = await walk(f, { category: "apparel", limit: "50" });
      expect(shown.length).toBe(f.catalog.products.filter((p) => listed(p) && childIds.has(p.categoryId)).length);
      expect(shown.every((p) => childSlugs.has(p.categorySlug))).toBe(true);
      const leaf = await walk(f, { category: "home-mugs" });
      expect(leaf.every((p) => p.categorySlug === "home-mugs")).toBe(true);
    });

    it("filters by the lowest price in the requested currency, bounds included", async () => {
      const f = fixture();
      const prices = f.catalog.products.filter(listed).map((p) => minPrice(p, "EUR")).sort((a, b) => a - b);
      const low = prices[Math.floor(prices.length / 4)] ?? 0;
      const high = prices[Math.floor((prices.length * 3) / 4)] ?? 0;
      const shown = await walk(f, { currency: "EUR", minPrice: String(low), maxPrice: String(high), sort: "price_asc" });
      expect(shown.length).toBe(prices.filter((p) => p >= low && p <= high).length);
      expect(shown[0]?.price.amount).toBe(low);
      expect(shown.at(-1)?.price.amount).toBe(high);
    });

    it("searches by word prefixes over title, category and colours", async () => {
      const f = fixture();
      const words = (p: SeedProduct) => `${p.title} ${p.searchTerms} ${p.description}`.toLowerCase().split(/[^a-z0-9]+/);
      const expected = f.catalog.products.filter((p) => listed(p) && words(p).some((w) => w.startsWith("shi")));
      const shown = await walk(f, { q: "shi" });
      expect(shown.some((p) => p.categorySlug === "apparel-shirts")).toBe(true);
      expect(shown.map((p) => p.id).sort()).toEqual(expected.map((p) => p.id).sort());
      const first = f.catalog.products.find(listed);
      const titleWords = first?.title.toLowerCase().split(" ") ?? [];
      const exact = await walk(f, { q: titleWords.join(" ") });
      expect(exact.map((p) => p.id)).toContain(first?.id);
      expect(exact.every((p) => titleWords.every((w) => p.title.toLowerCase().includes(w)))).toBe(true);
      expect((await walk(f, { q: "zzzqqq" })).length).toBe(0);
      expect((await walk(f, { q: "!!!" })).length).toBe(0);
    });

    it("reports stock per product from its active variants", async () => {
      const f = fixture();
      const shown = await walk(f, { limit: "100" });
      const byId = new Map(f.catalog.products.map((p) => [p.id, p]));
      for (const p of shown) {
        const units = byId.get(p.id)?.variants.filter((v) => v.active).reduce((n, v) => n + v.stock, 0) ?? -1;
        expect(p.stockState).toBe(units <= 0 ? "out_of_stock" : units <= 5 ? "low_stock" : "in_stock");
      }
    });
  });
}
