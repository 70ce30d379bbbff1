import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VariantUpserted } from "../../../contracts/catalog/events.ts";
import type { MerchantCategory, MerchantProduct } from "../../../contracts/catalog/merchant-api.ts";
import type { ProductListPage } from "../../../contracts/catalog/views.ts";
import type { SellableVariant } from "../../../domain/catalog.ts";
import type { OutboxEvent } from "../../shared/outbox.ts";
import { errorOf, leafCategorySlug, openFixture, type CatalogFixture } from "./fixture.ts";

/**
 * The admin's catalog management at the catalog service: creating products whose variants are
 * generated from their options, refusing taken or repeated SKUs and slugs, negative prices and
 * unknown currencies without changing anything, archiving, replacing, and categories.
 */
let f: CatalogFixture;
let leaf: string;
beforeAll(async () => {
  f = await openFixture({ products: 12 });
  leaf = leafCategorySlug(f.catalog);
});
afterAll(() => f.close());

const version = async () => ((await (await f.get("/catalog/version")).json()) as { version: number }).version;
const eventsAfter = async (seq: number) => ((await (await f.get(`/internal/events?after=${seq}&limit=1000`)).json()) as { events: OutboxEvent<VariantUpserted>[] }).events;
const listed = async (q: string) => ((await (await f.get(`/catalog/products?q=${q}`)).json()) as ProductListPage).products.map((p) => p.slug);
const issuesOf = async (res: Response) => ((await res.json()) as { error: { code: string; details: { issues: { path: string; message: string }[] } } }).error;

const tee = (slug: string, extra: Record<string, unknown> = {}) => ({
  slug,
  title: "Harbour Tee",
  description: "Heavy cotton.",
  category: leaf,
  images: ["https://cdn.example.com/a.jpg", "/images/b.svg"],
  options: [
    { name: "Size", values: ["S", "M", "L"] },
    { name: "Colour", values: ["Navy", "Sand"] },
  ],
  prices: { USD: 2400, EUR: 2200 },
  stock: 7,
  ...extra,
});

describe("POST /merchant/products", () => {
  it("generates one variant per size × colour, each with a SKU, the prices and the stock, and publishes them with their stock", async () => {
    const before = await version();
    const res = await f.merchant("POST", "/merchant/products", tee("harbour-tee"));
    expect(res.status).toBe(201);
    const { product } = (await res.json()) as { product: MerchantProduct };
    expect(product).toMatchObject({ slug: "harbour-tee", category: leaf, imageUrl: "https://cdn.example.com/a.jpg", images: ["https://cdn.example.com/a.jpg", "/images/b.svg"], active: true });
    expect(product.variants.map((v) => [v.sku, v.title])).toEqual([
      ["HARBOUR-TEE-S-NAVY", "S / Navy"],
      ["HARBOUR-TEE-S-SAND", "S / Sand"],
      ["HARBOUR-TEE-M-NAVY", "M / Navy"],
      ["HARBOUR-TEE-M-SAND", "M / Sand"],
      ["HARBOUR-TEE-L-NAVY", "L / Navy"],
      ["HARBOUR-TEE-L-SAND", "L / Sand"],
    ]);
    expect(product.variants.every((v) => v.stock === 7 && v.prices.USD === 2400 && v.prices.EUR === 2200 && v.prices.GBP === undefined)).toBe(true);
    const events = await eventsAfter(before);
    expect(events.map((e) => e.subject).sort()).toEqual(product.variants.map((v) => v.id).sort());
    expect(events.every((e) => e.type === "variant.upserted" && e.payload.stockOnHand === 7 && e.payload.active && e.payload.productSlug === "harbour-tee")).toBe(true);
    expect(await listed("harbour")).toEqual(["harbour-tee"]);
  });

  it("takes variants given explicitly, each naming a value of every option", async () => {
    const res = await f.merchant("POST", "/merchant/products", {
      ...tee("dock-mug", { prices: undefined, stock: undefined }),
      options: [{ name: "Size", values: ["S", "M"] }],
      variants: [
        { sku: "MUG-S", options: { Size: "S" }, prices: { GBP: 900 }, stock: 2 },
        { sku: "MUG-M", options: { Size: "M" }, prices: { GBP: 1100 }, stock: 0, active: false },
      ],
    });
    expect(res.status).toBe(201);
    const { product } = (await res.json()) as { product: MerchantProduct };
    expect(product.variants.map((v) => [v.sku, v.prices, v.stock, v.active])).toEqual([
      ["MUG-S", { GBP: 900 }, 2, true],
      ["MUG-M", { GBP: 1100 }, 0, false],
    ]);
  });

  it("refuses a slug in use with 409 naming slug", async () => {
    const res = await f.merchant("POST", "/merchant/products", tee("harbour-tee"));
    expect(res.status).toBe(409);
    expect(await issuesOf(res)).toMatchObject({ code: "ALREADY_EXISTS", details: { issues: [{ path: "slug" }] } });
  });

  it("refuses a SKU repeated in the request, or used by another product, with 409 naming the variant's sku", async () => {
    const variants = [
      { sku: "DUP-1", options: {}, prices: { USD: 100 } },
      { sku: "DUP-2", options: {}, prices: { USD: 100 } },
      { sku: "DUP-3", options: {}, prices: { USD: 100 } },
      { sku: "DUP-1", options: {}, prices: { USD: 100 } },
    ];
    const repeated = await f.merchant("POST", "/merchant/products", { ...tee("dup-a"), options: [], variants });
    expect(repeated.status).toBe(409);
    const error = await issuesOf(repeated);
    expect(error.code).toBe("ALREADY_EXISTS");
    expect(error.details.issues.map((i) => i.path)).toContain("variants.3.sku");

    const taken = await f.merchant("POST", "/merchant/products", { ...tee("dup-b"), options: [], variants: [{ sku: "MUG-S", options: {}, prices: { USD: 100 } }] });
    expect(taken.status).toBe(409);
    expect((await issuesOf(taken)).details.issues).toEqual([{ path: "variants.0.sku", message: "SKU MUG-S belongs to product dock-mug" }]);
    expect((await f.merchant("GET", "/merchant/products/dup-b/definition")).status).toBe(404);
  });

  it("refuses a negative price and an unknown currency with 400 naming the field, creating nothing", async () => {
    const before = await version();
    const negative = await f.merchant("POST", "/merchant/products", tee("bad-price", { prices: { USD: -1 } }));
    expect(negative.status).toBe(400);
    expect((await issuesOf(negative)).details.issues).toEqual([{ path: "prices.USD", message: "a price must not be negative" }]);
    const unknown = await f.merchant("POST", "/merchant/products", { ...tee("bad-currency"), options: [], variants: [{ sku: "BAD-CUR", prices: { JPY: 100 } }] });
    expect(unknown.status).toBe(400);
    expect((await issuesOf(unknown)).details.issues.map((i) => i.path)).toEqual(["variants.0.prices.JPY"]);
    const category = await f.merchant("POST", "/merchant/products", tee("bad-category", { category: "no-such-category" }));
    expect(category.status).toBe(400);
    expect((await issuesOf(category)).details.issues.map((i) => i.path)).toEqual(["category"]);
    expect(await version()).toBe(before);
  });

  it("refuses a variant whose options are not the product's", async () => {
    const res = await f.merchant("POST", "/merchant/products", { ...tee("bad-options"), variants: [{ sku: "BAD-OPT", options: { Size: "XXL", Colour: "Navy" }, prices: { USD: 1 } }] });
    expect(res.status).toBe(400);
    expect((await issuesOf(res)).details.issues.map((i) => i.path)).toEqual(["variants.0.options.Size"]);
  });
});

describe("archiving", () => {
  it("takes the product out of listings, its page and carts, keeps it in the admin list, and puts it back", async () => {
    const before = await version();
    const archived = await f.merchant("POST", "/merchant/products/harbour-tee/archive");
    expect(archived.status).toBe(200);
    const { product } = (await archived.json()) as { product: MerchantProduct };
    expect(product.active).toBe(false);
    expect((await eventsAfter(before)).every((e) => e.payload.active === false)).toBe(true);
    expect(await listed("harbour")).toEqual([]);
    expect((await f.get("/catalog/products/harbour-tee")).status).toBe(404);
    const [inCart] = ((await (await f.get(`/catalog/variants?ids=${product.variants[0]?.id}`)).json()) as { variants: SellableVariant[] }).variants;
    expect(inCart?.active).toBe(false);

    const admin = async (status: string) => ((await (await f.merchant("GET", `/merchant/products?status=${status}&q=harbour-tee`)).json()) as { products: { slug: string }[] }).products.map((p) => p.slug);
    expect(await admin("archived")).toEqual(["harbour-tee"]);
    expect(await admin("active")).toEqual([]);
    expect(await admin("all")).toEqual(["harbour-tee"]);

    expect((await f.merchant("POST", "/merchant/products/harbour-tee/unarchive")).status).toBe(200);
    expect(await listed("harbour")).toEqual(["harbour-tee"]);
  });
});

describe("PUT /merchant/products/:slug", () => {
  it("adds and switches off variants by SKU, changes images and option values, and sends only changed stock", async () => {
    const { product: before } = (await (await f.merchant("GET", "/merchant/products/dock-mug/definition")).json()) as { product: MerchantProduct };
    const seq = await version();
    const res = await f.merchant("PUT", "/merchant/products/dock-mug", {
      title: "Dock Mug",
      category: leaf,
      images: ["https://cdn.example.com/mug.jpg"],
      options: [{ name: "Size", values: ["S", "L"] }],
      variants: [
        { sku: "MUG-S", options: { Size: "S" }, prices: { GBP: 900 }, stock: 2 },
        { sku: "MUG-L", options: { Size: "L" }, prices: { GBP: 1300, USD: 1500 }, stock: 5 },
      ],
    });
    expect(res.status).toBe(200);
    const { product } = (await res.json()) as { product: MerchantProduct };
    expect(product.images).toEqual(["https://cdn.example.com/mug.jpg"]);
    expect(product.variants.map((v) => [v.sku, v.active])).toEqual([
      ["MUG-S", true],
      ["MUG-L", true],
      ["MUG-M", false],
    ]);
    expect(product.variants[0]?.id).toBe(before.variants[0]?.id);
    const events = await eventsAfter(seq);
    const stockOf = (sku: string) => events.find((e) => e.payload.sku === sku)?.payload.stockOnHand;
    expect([stockOf("MUG-S"), stockOf("MUG-L")]).toEqual([undefined, 5]);
  });

  it("answers 404 for a product that does not exist", async () => {
    const res = await f.merchant("PUT", "/merchant/products/no-such-thing", { title: "X", category: leaf, images: ["/x.png"], prices: { USD: 1 } });
    expect(res.status).toBe(404);
  });
});

describe("GET /merchant/products", () => {
  it("pages through every product by slug with a cursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (await f.merchant("GET", `/merchant/products?limit=5${cursor ? `&cursor=${cursor}` : ""}`)).json()) as { products: { slug: string }[]; nextCursor: string | null };
      seen.push(...page.products.map((p) => p.slug));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toHaveLength(f.catalog.products.length + 2);
  });

  it("finds products by SKU and refuses a bad status naming it", async () => {
    const found = (await (await f.merchant("GET", "/merchant/products?q=MUG-L")).json()) as { products: { slug: string }[] };
    expect(found.products.map((p) => p.slug)).toEqual(["dock-mug"]);
    const bad = await f.merchant("GET", "/merchant/products?status=gone");
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).message).toMatch(/status/);
  });
});

describe("categories", () => {
  const create = (body: unknown) => f.merchant("POST", "/merchant/categories", body);

  it("creates, renames and moves categories, and moves the catalog version", async () => {
    const before = await version();
    expect((await create({ slug: "outdoor", name: "Outdoor" })).status).toBe(201);
    const res = await create({ slug: "outdoor-tents", name: "Tents", parent: "outdoor" });
    const { category } = (await res.json()) as { category: MerchantCategory };
    expect(category).toMatchObject({ slug: "outdoor-tents", parent: "outdoor", path: ["outdoor", "outdoor-tents"] });
    expect(await version()).toBeGreaterThan(before);
    const moved = await f.merchant("PATCH", "/merchant/categories/outdoor-tents", { name: "Tents & shelters", parent: null });
    expect(((await moved.json()) as { category: MerchantCategory }).category).toMatchObject({ name: "Tents & shelters", parent: null, path: ["outdoor-tents"] });
    const tree = (await (await f.get("/catalog/categories")).json()) as { categories: { slug: string }[] };
    expect(tree.categories.map((c) => c.slug)).toContain("outdoor-tents");
  });

  it("refuses a move under itself or a descendant with 400 naming parent", async () => {
    expect((await create({ slug: "outdoor-camp", name: "Camp", parent: "outdoor" })).status).toBe(201);
    for (const parent of ["outdoor", "outdoor-camp"]) {
      const res = await f.merchant("PATCH", "/merchant/categories/outdoor", { parent });
      expect(res.status).toBe(400);
      expect((await issuesOf(res)).details.issues.map((i) => i.path)).toEqual(["parent"]);
    }
    const { category } = (await (await f.merchant("GET", "/merchant/categories/outdoor")).json()) as { category: MerchantCategory };
    expect(category.parent).toBeNull();
  });

  it("refuses a slug in use (409) and an unknown parent (400)", async () => {
    expect((await create({ slug: "outdoor", name: "Again" })).status).toBe(409);
    const orphan = await create({ slug: "orphan", name: "Orphan", parent: "nowhere" });
    expect(orphan.status).toBe(400);
    expect((await issuesOf(orphan)).details.issues.map((i) => i.path)).toEqual(["parent"]);
  });

  it("republishes the variants below a moved category with their new path", async () => {
    const created = await f.merchant("POST", "/merchant/products", { ...tee("tent-one"), category: "outdoor-camp", options: [] });
    expect(created.status).toBe(201);
    const before = await version();
    expect((await f.merchant("PATCH", "/merchant/categories/outdoor-camp", { parent: null })).status).toBe(200);
    const offer = (await eventsAfter(before)).find((e) => e.type === "variant.upserted");
    expect(offer?.payload).toMatchObject({ productSlug: "tent-one", categorySlugs: ["outdoor-camp"] });
  });
});
