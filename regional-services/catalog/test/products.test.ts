import { DEMO_PROMOTIONS } from "../../../domain/promotions/demo.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SellableVariant } from "../../../domain/catalog.ts";
import type { CategoryNode, ProductDetail } from "../../../contracts/catalog/views.ts";
import type { OutboxEvent } from "../../shared/outbox.ts";
import type { VariantUpserted } from "../../../contracts/catalog/events.ts";
import type { SeedProduct } from "../seed/generate.ts";
import { errorOf, openFixture, type CatalogFixture } from "./fixture.ts";

let f: CatalogFixture;
beforeAll(async () => {
  f = await openFixture({ products: 60 });
});
afterAll(() => f.close());

const seeded = (test: (p: SeedProduct) => boolean) => {
  const p = f.catalog.products.find(test);
  if (!p) throw new Error("the test seed has no such product");
  return p;
};
const detail = async (slug: string, currency = "USD") => ((await (await f.get(`/catalog/products/${slug}?currency=${currency}`)).json()) as { product: ProductDetail }).product;

describe("product detail", () => {
  it("shows a product with its active variants priced in the requested currency", async () => {
    const p = seeded((x) => x.active && x.variants.length > 1 && x.variants.every((v) => v.active));
    const product = await detail(p.slug, "GBP");
    expect(product).toMatchObject({ id: p.id, slug: p.slug, title: p.title, description: p.description, active: true, imageUrl: p.imageUrl });
    expect(product.variants.map((v) => [v.id, v.sku, v.price])).toEqual(p.variants.map((v) => [v.id, v.sku, { amount: v.prices.GBP, currency: "GBP" }]));
    expect(product.price).toEqual({ amount: Math.min(...p.variants.map((v) => v.prices.GBP)), currency: "GBP" });
    expect(product.options).toEqual(p.options);
  });

  it("gives the category path from the root and a stock state per variant", async () => {
    const p = seeded((x) => x.active && x.variants.some((v) => v.active && v.stock === 0));
    const product = await detail(p.slug);
    const leaf = f.catalog.categories.find((c) => c.id === p.categoryId);
    const root = f.catalog.categories.find((c) => c.id === leaf?.parentId);
    expect(product.categoryPath).toEqual([{ slug: root?.slug, name: root?.name }, { slug: leaf?.slug, name: leaf?.name }]);
    expect(product.categorySlug).toBe(leaf?.slug);
    const soldOut = p.variants.find((v) => v.active && v.stock === 0);
    expect(product.variants.find((v) => v.id === soldOut?.id)?.stockState).toBe("out_of_stock");
  });

  it("hides inactive variants from shoppers", async () => {
    const p = seeded((x) => x.active && x.variants.some((v) => !v.active) && x.variants.some((v) => v.active));
    const product = await detail(p.slug);
    expect(product.variants.map((v) => v.id)).toEqual(p.variants.filter((v) => v.active).map((v) => v.id));
  });

  it("answers 404 NOT_FOUND for an unknown slug", async () => {
    const res = await f.get("/catalog/products/no-such-product");
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toEqual({ code: "NOT_FOUND", message: 'no product "no-such-product"' });
  });
});

describe("categories", () => {
  it("answers the tree with counts that include sub-categories", async () => {
    const { categories } = (await (await f.get("/catalog/categories")).json()) as { categories: CategoryNode[] };
    expect(categories.map((c) => c.slug)).toEqual(f.catalog.categories.filter((c) => c.parentId === null).map((c) => c.slug));
    for (const root of categories) {
      expect(root.productCount).toBe(root.children.reduce((n, c) => n + c.productCount, 0));
      expect(root.children.every((c) => c.parentSlug === root.slug && c.path.join("/") === `${root.slug}/${c.slug}`)).toBe(true);
    }
    const listed = f.catalog.products.filter((p) => p.active && p.variants.some((v) => v.active)).length;
    expect(categories.reduce((n, c) => n + c.productCount, 0)).toBe(listed);
  });
});

describe("variants for the cart", () => {
  it("answers the asked variants in order with all their prices, leaving unknown ids out", async () => {
    const [a, b] = f.catalog.products.filter((p) => p.active).flatMap((p) => p.variants.filter((v) => v.active)).slice(3, 5);
    const res = await f.get(`/catalog/variants?ids=${b?.id},var_unknown,${a?.id}`);
    const { variants } = (await res.json()) as { variants: SellableVariant[] };
    expect(variants.map((v) => v.variantId)).toEqual([b?.id, a?.id]);
    expect(variants[0]?.prices).toEqual(b?.prices);
    expect(variants[0]).toMatchObject({ sku: b?.sku, active: true });
  });

  it("carries the product's category path, root first, for promotion conditions on a category", async () => {
    const p = f.catalog.products.find((x) => x.active && x.variants.length > 0);
    const leaf = f.catalog.categories.find((c) => c.id === p?.categoryId);
    const root = f.catalog.categories.find((c) => c.id === leaf?.parentId);
    const res = await f.get(`/catalog/variants?ids=${p?.variants[0]?.id}`);
    const { variants } = (await res.json()) as { variants: SellableVariant[] };
    expect(variants[0]).toMatchObject({ productId: p?.id, categorySlugs: [root?.slug, leaf?.slug] });
  });

  it("includes inactive variants, marked inactive, so the cart can warn", async () => {
    const inactive = f.catalog.products.flatMap((p) => p.variants.map((v) => ({ p, v }))).find(({ p, v }) => !v.active || !p.active);
    const res = await f.get(`/catalog/variants?ids=${inactive?.v.id}`);
    const { variants } = (await res.json()) as { variants: SellableVariant[] };
    expect(variants).toHaveLength(1);
    expect(variants[0]?.active).toBe(false);
  });
});

describe("version and feed", () => {
  it("publishes one variant.upserted per seeded variant, with its stock, and reports the newest seq as version", async () => {
    const variantCount = f.catalog.products.reduce((n, p) => n + p.variants.length, 0);
    const { version } = (await (await f.get("/catalog/version")).json()) as { version: number };
    // The demo promotions are published after the variants.
    expect(version).toBe(variantCount + DEMO_PROMOTIONS.length);
    const first = (await (await f.get("/internal/events?after=0&limit=3")).json()) as { events: OutboxEvent<VariantUpserted>[] };
    expect(first.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    const p = f.catalog.products[0];
    const v = p?.variants[0];
    expect(first.events[0]).toMatchObject({ type: "variant.upserted", subject: v?.id });
    expect(first.events[0]?.payload).toMatchObject({ variantId: v?.id, productId: p?.id, productSlug: p?.slug, sku: v?.sku, prices: v?.prices, stockOnHand: v?.stock });
    expect((first.events[0]?.payload as VariantUpserted).categorySlugs).toHaveLength(2);
    const rest = (await (await f.get(`/internal/events?after=${version - 1}`)).json()) as { events: OutboxEvent[] };
    expect(rest.events.map((e) => e.seq)).toEqual([version]);
  });
});
