import { describe, expect, it } from "vitest";
import type { CategoryNode, ProductSummary } from "../../contracts/catalog/views.ts";
import { appFetch, CACHE, demoProducts, edge, edgeJson, getProduct, listProducts } from "./catalog-helpers.ts";

/** The catalog JSON API at the edge, against the real catalog service (60 seeded products). */

async function walk(query: string): Promise<ProductSummary[]> {
  const all: ProductSummary[] = [];
  let cursor: string | null = null;
  do {
    const page = await listProducts(cursor ? `${query}&cursor=${encodeURIComponent(cursor)}` : query);
    all.push(...page.products);
    cursor = page.nextCursor;
  } while (cursor && all.length < 1_000);
  return all;
}

function subtreeSlugs(node: CategoryNode): string[] {
  return [node.slug, ...node.children.flatMap(subtreeSlugs)];
}

describe("GET /api/products", () => {
  it("answers the first page with 20 products and a cursor by default", async () => {
    const page = await listProducts("");
    expect(page.products).toHaveLength(20);
    expect(typeof page.nextCursor).toBe("string");
    expect(page.products[0]).toMatchObject({ slug: expect.any(String), title: expect.any(String), price: { currency: "USD" } });
  });

  it("walks every product shown to shoppers exactly once by following the cursors", async () => {
    const { categories } = await edgeJson<{ categories: CategoryNode[] }>("/api/categories");
    const shown = categories.reduce((n, root) => n + root.productCount, 0);
    const ids = (await walk("limit=25")).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(shown);
    expect(shown).toBeGreaterThan(25);
  });

  it("keeps prices sorted and within the range asked for", async () => {
    const all = await walk("limit=50&sort=price_asc&minPrice=1500&maxPrice=4000");
    expect(all.length).toBeGreaterThan(0);
    const amounts = all.map((p) => p.price.amount);
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
    expect(Math.min(...amounts)).toBeGreaterThanOrEqual(1500);
    expect(Math.max(...amounts)).toBeLessThanOrEqual(4000);
  });

  it("includes the products of every descendant category", async () => {
    const { categories } = await edgeJson<{ categories: CategoryNode[] }>("/api/categories");
    const root = categories.find((c) => c.children.length > 0 && c.productCount > 0);
    if (!root) throw new Error("the seed has no root category with children and products");
    const products = await walk(`limit=100&category=${root.slug}`);
    expect(products.length).toBe(root.productCount);
    const allowed = subtreeSlugs(root);
    for (const p of products) expect(allowed).toContain(p.categorySlug);
  });

  it("prices in the currency asked for", async () => {
    const page = await listProducts("limit=10&currency=EUR");
    expect(page.products.every((p) => p.price.currency === "EUR")).toBe(true);
  });

  it("finds products by a word of their title", async () => {
    const [first] = await demoProducts("limit=20");
    const word = first?.title.split(" ").find((w) => w.length > 3) ?? "";
    const found = await walk(`limit=100&q=${encodeURIComponent(word)}`);
    expect(found.map((p) => p.id)).toContain(first?.id);
  });

  it.each([
    ["limit=0", "limit=0", "limit"],
    ["limit=10000", "limit=10000", "limit"],
    ["a cursor it never issued", "cursor=not-a-real-cursor", "cursor"],
    ["an unknown currency", "currency=XYZ", "currency"],
    ["a 5 KB search", `q=${"a".repeat(5_000)}`, "q"],
    ["minPrice above maxPrice", "minPrice=500&maxPrice=100", "minPrice"],
    ["an unknown sort", "sort=cheapest", "sort"],
  ])("refuses %s with a 400 naming the parameter", async (_label, query, param) => {
    const res = await edge(`/api/products?${query}`);
    expect(res.status).toBe(400);
    const body = await res.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.message).toContain(param);
  });
});

describe("GET /api/products/:slug", () => {
  it("answers the product with its variants, priced in the currency asked for", async () => {
    const [summary] = await demoProducts("limit=20");
    if (!summary) throw new Error("no products");
    const product = await getProduct(summary.slug, "GBP");
    expect(product.slug).toBe(summary.slug);
    expect(product.variants.length).toBeGreaterThan(0);
    expect(product.variants.every((v) => v.price.currency === "GBP")).toBe(true);
    expect(product.categoryPath.length).toBeGreaterThan(0);
  });

  it("answers an unknown product with a 404 in the JSON error shape", async () => {
    const res = await edge("/api/products/no-such-product-anywhere");
    expect(res.status).toBe(404);
    const body = await res.json<{ error: { code: string } }>();
    expect(body.error.code).toBe("NOT_FOUND");
  });

  it("refuses an unknown currency and a malformed slug with 400s naming them", async () => {
    const [summary] = await demoProducts("limit=20");
    const badCurrency = await edge(`/api/products/${summary?.slug}?currency=BTC`);
    expect(badCurrency.status).toBe(400);
    expect((await badCurrency.json<{ error: { message: string } }>()).error.message).toContain("currency");
    const badSlug = await edge("/api/products/Not_A_Slug");
    expect(badSlug.status).toBe(400);
    expect((await badSlug.json<{ error: { message: string } }>()).error.message).toContain("slug");
  });
});

describe("GET /api/categories", () => {
  it("answers the category tree: roots with nested children and root-first paths", async () => {
    const { categories } = await edgeJson<{ categories: CategoryNode[] }>("/api/categories");
    expect(categories.length).toBeGreaterThanOrEqual(3);
    for (const root of categories) {
      expect(root.parentSlug).toBeNull();
      expect(root.path).toEqual([root.slug]);
      for (const child of root.children) {
        expect(child.parentSlug).toBe(root.slug);
        expect(child.path).toEqual([root.slug, child.slug]);
      }
    }
    expect(categories.some((c) => c.children.length > 0)).toBe(true);
  });
});

describe("edge cache headers", () => {
  // Other specs change the catalog meanwhile; a long version TTL keeps these on one version.
  const steady = { CATALOG_VERSION_TTL_MS: "60000" };

  it("misses once, then answers the same normalised query from isolate memory", async () => {
    const first = await appFetch("/api/products?limit=7&sort=price_desc&currency=GBP", steady);
    const again = await appFetch("/api/products?currency=GBP&sort=price_desc&limit=7&utm_source=newsletter", steady);
    expect(first.status).toBe(200);
    expect(first.headers.get(CACHE)).toBe("miss");
    expect(again.headers.get(CACHE)).toBe("hit-memory");
    expect(await again.text()).toBe(await first.text());
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(first.headers.get("cache-control")).toBe("public, max-age=1");
    expect(first.headers.get("content-type")).toContain("application/json");
    expect(first.headers.get("x-request-id")).toBeTruthy();
  });

  it("answers 304 Not Modified when the client already has the body", async () => {
    const first = await edge("/api/categories");
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^".+"$/);
    const revalidated = await edge("/api/categories", { headers: { "if-none-match": etag } });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe("");
    const changed = await edge("/api/categories", { headers: { "if-none-match": '"something-else"' } });
    expect(changed.status).toBe(200);
  });

  it("caches a 404 as an answer too", async () => {
    await appFetch("/api/products/still-no-such-product", steady);
    const again = await appFetch("/api/products/still-no-such-product", steady);
    expect(again.status).toBe(404);
    expect(again.headers.get(CACHE)).toBe("hit-memory");
  });
});
