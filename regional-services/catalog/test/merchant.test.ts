import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SellableVariant } from "../../../domain/catalog.ts";
import type { ProductDetail, ProductListPage } from "../../../contracts/catalog/views.ts";
import type { OutboxEvent } from "../../shared/outbox.ts";
import type { VariantUpserted } from "../../../contracts/catalog/events.ts";
import type { SeedProduct } from "../seed/generate.ts";
import { errorOf, openFixture, type CatalogFixture } from "./fixture.ts";

let f: CatalogFixture;
beforeAll(async () => {
  f = await openFixture({ products: 40 });
});
afterAll(() => f.close());

const version = async () => ((await (await f.get("/catalog/version")).json()) as { version: number }).version;
const eventsAfter = async (seq: number) => ((await (await f.get(`/internal/events?after=${seq}`)).json()) as { events: OutboxEvent<VariantUpserted>[] }).events;
const product = (n: number): SeedProduct => {
  const p = f.catalog.products.filter((x) => x.active && x.variants.length >= 2 && x.variants.every((v) => v.active))[n];
  if (!p) throw new Error("the test seed has no such product");
  return p;
};
const variantAt = (p: SeedProduct, i: number) => {
  const v = p.variants[i];
  if (!v) throw new Error("no such variant");
  return v;
};

describe("PATCH /merchant/products/:slug", () => {
  it("changes prices and stock, answers the product, and publishes the changed variants", async () => {
    const p = product(0);
    const v = variantAt(p, 1);
    const before = await version();
    const res = await f.merchant("PATCH", `/merchant/products/${p.slug}?currency=EUR`, { variants: [{ id: v.id, prices: { EUR: 101, USD: 111 }, stock: 3 }] });
    expect(res.status).toBe(200);
    const { product: answered } = (await res.json()) as { product: ProductDetail };
    expect(answered.variants.find((x) => x.id === v.id)).toMatchObject({ price: { amount: 101, currency: "EUR" }, stockState: "low_stock" });
    expect(answered.price).toEqual({ amount: 101, currency: "EUR" });

    expect(await version()).toBeGreaterThan(before);
    const events = await eventsAfter(before);
    expect(events.map((e) => [e.type, e.subject])).toEqual([["variant.upserted", v.id]]);
    expect(events[0]?.payload).toMatchObject({ variantId: v.id, prices: { EUR: 101, USD: 111, GBP: v.prices.GBP }, stockOnHand: 3, active: true });
  });

  it("moves the product in price order, since the minimum price is kept in step", async () => {
    const p = product(0);
    const page = (await (await f.get("/catalog/products?sort=price_asc&currency=EUR&limit=1")).json()) as ProductListPage;
    expect(page.products[0]).toMatchObject({ id: p.id, price: { amount: 101, currency: "EUR" } });
  });

  it("publishes every variant when the product itself changes, without stock the merchant did not set", async () => {
    const p = product(1);
    const before = await version();
    const res = await f.merchant("PATCH", `/merchant/products/${p.slug}`, { title: "Renamed Thing", description: "New words." });
    expect(res.status).toBe(200);
    const events = await eventsAfter(before);
    expect(events.map((e) => e.subject)).toEqual(p.variants.map((v) => v.id));
    expect(events.every((e) => e.payload.title.startsWith("Renamed Thing") && e.payload.stockOnHand === undefined)).toBe(true);
    const shown = ((await (await f.get(`/catalog/products/${p.slug}`)).json()) as { product: ProductDetail }).product;
    expect(shown).toMatchObject({ title: "Renamed Thing", description: "New words." });
    const found = (await (await f.get("/catalog/products?q=renamed")).json()) as ProductListPage;
    expect(found.products.map((x) => x.id)).toEqual([p.id]);
  });

  it("hides a deactivated variant from shoppers but keeps it in the merchant's view", async () => {
    const p = product(2);
    const v = variantAt(p, 0);
    const res = await f.merchant("PATCH", `/merchant/products/${p.slug}`, { variants: [{ id: v.id, active: false }] });
    expect(((await res.json()) as { product: ProductDetail }).product.variants.find((x) => x.id === v.id)?.active).toBe(false);
    const shown = ((await (await f.get(`/catalog/products/${p.slug}`)).json()) as { product: ProductDetail }).product;
    expect(shown.variants.map((x) => x.id)).not.toContain(v.id);
    const [cart] = ((await (await f.get(`/catalog/variants?ids=${v.id}`)).json()) as { variants: SellableVariant[] }).variants;
    expect(cart?.active).toBe(false);
  });

  it("takes a deactivated product out of the shop: 404 for its page, gone from listings, inactive for carts", async () => {
    const p = product(3);
    const before = await version();
    expect((await f.merchant("PATCH", `/merchant/products/${p.slug}`, { active: false })).status).toBe(200);
    expect((await eventsAfter(before)).every((e) => e.payload.active === false)).toBe(true);
    expect((await f.get(`/catalog/products/${p.slug}`)).status).toBe(404);
    const all = (await (await f.get("/catalog/products?limit=100")).json()) as ProductListPage;
    expect(all.products.map((x) => x.id)).not.toContain(p.id);
    const [cart] = ((await (await f.get(`/catalog/variants?ids=${variantAt(p, 0).id}`)).json()) as { variants: SellableVariant[] }).variants;
    expect(cart?.active).toBe(false);
    expect((await f.merchant("GET", `/merchant/products/${p.slug}`)).status).toBe(200);
  });

  it("publishes nothing for an empty change", async () => {
    const before = await version();
    expect((await f.merchant("PATCH", `/merchant/products/${product(4).slug}`, {})).status).toBe(200);
    expect(await version()).toBe(before);
  });

  it("refuses a variant of another product, naming it, and changes nothing", async () => {
    const p = product(5);
    const other = variantAt(product(6), 0);
    const before = await version();
    const res = await f.merchant("PATCH", `/merchant/products/${p.slug}`, { title: "Half Applied", variants: [{ id: other.id, stock: 1 }] });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toContain("variants.0.id");
    expect(await version()).toBe(before);
    expect(((await (await f.get(`/catalog/products/${p.slug}`)).json()) as { product: ProductDetail }).product.title).toBe(p.title);
  });

  it("refuses malformed changes with a 400 naming the field", async () => {
    const slug = product(5).slug;
    const cases: [unknown, string][] = [
      [{ title: "" }, "title"],
      [{ variants: [{ id: variantAt(product(5), 0).id, stock: -1 }] }, "stock"],
      [{ variants: [{ id: variantAt(product(5), 0).id, prices: { USD: 9.99 } }] }, "prices.USD"],
      [{ variants: [{ id: variantAt(product(5), 0).id, prices: { JPY: 100 } }] }, "JPY"],
      [{ colour: "red" }, "colour"],
      ["not json", "JSON"],
    ];
    for (const [body, field] of cases) {
      const res = await f.merchant("PATCH", `/merchant/products/${slug}`, body);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).message).toContain(field);
    }
  });

  it("answers 404 for an unknown product", async () => {
    const res = await f.merchant("PATCH", "/merchant/products/no-such-product", { title: "X" });
    expect(res.status).toBe(404);
  });
});
