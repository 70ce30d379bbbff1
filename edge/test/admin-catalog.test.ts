import { describe, expect, it } from "vitest";
import type { MerchantProduct } from "../../contracts/catalog/merchant-api.ts";
import type { CategoryNode, ProductListPage } from "../../contracts/catalog/views.ts";
import { SPEC_MADE_PREFIX } from "./catalog-helpers.ts";
import { leafCategory } from "./admin-catalog-fixtures.ts";
import { merchantApi } from "./admin-fixtures.ts";
import { Shopper, type ErrorJson } from "./cart-fixtures.ts";
import { CARDS, checkout, checkoutBody, ordersCaughtUp } from "./checkout-fixtures.ts";

/**
 * A product made and archived through the admin API reaches the storefront through the versioned
 * cache within 5 s: it shows in listings and on its page, then leaves both; once archived it cannot be added or
 * checked out, and a cart already holding it says so.
 */
const shop = new Shopper();
const word = `zq${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
const slug = `${SPEC_MADE_PREFIX}admin-made-${word}`;


const listedSlugs = async () => (await (await shop.fetch(`/api/products?q=${word}&currency=USD`)).json<ProductListPage>()).products.map((p) => p.slug);
const pageStatus = async () => (await shop.fetch(`/api/products/${slug}`)).status;

/** `probe` polled until it answers `expected`; answers how long that took from `started`. */
async function eventually<T>(probe: () => Promise<T>, expected: T, started: number): Promise<number> {
  let now = await probe();
  while (JSON.stringify(now) !== JSON.stringify(expected) && Date.now() - started < 5_000) {
    await new Promise((r) => setTimeout(r, 100));
    now = await probe();
  }
  expect(now).toEqual(expected);
  return Date.now() - started;
}

/** What the storefront shows (the listing, the product page), polled until it is `expected`. */
const until = (expected: { listed: string[]; page: number }, started: number) => eventually(async () => ({ listed: await listedSlugs(), page: await pageStatus() }), expected, started);

describe("a product made and archived in the admin, at the storefront", () => {
  let product: MerchantProduct;
  const holder = new Shopper();

  it("shows in the listing and on its page within 5 s of its creation", async () => {
    const started = Date.now();
    const res = await merchantApi("POST", "/merchant/products", {
      slug,
      title: `Admin Made ${word}`,
      category: await leafCategory(),
      images: ["/images/admin-made.svg"],
      options: [{ name: "Size", values: ["S", "M"] }],
      prices: { USD: 1234, EUR: 1111 },
      stock: 5,
    });
    expect(res.status).toBe(201);
    product = (await res.json<{ product: MerchantProduct }>()).product;
    expect(await until({ listed: [slug], page: 200 }, started)).toBeLessThan(5_000);
  });

  it("leaves the listing within 5 s of archiving; it cannot be added, a cart holding it warns and cannot check out", async () => {
    const variantId = product.variants[0]?.id ?? "";
    const added = await holder.json("/api/cart/items", "POST", { variantId, quantity: 1 });
    expect(added.status).toBe(200);

    const started = Date.now();
    const archived = await merchantApi("POST", `/merchant/products/${slug}/archive`);
    expect(archived.status).toBe(200);
    expect(await until({ listed: [], page: 404 }, started)).toBeLessThan(5_000);

    // Carts read the catalog through the same versioned cache, each isolate trusting its version
    // for a second or so: the promise is within 5 s of the change, as for the listing.
    const addAnswer = async () => {
      const res = await new Shopper().json("/api/cart/items", "POST", { variantId, quantity: 1 });
      return { status: res.status, code: res.ok ? undefined : (await res.json<ErrorJson>()).error.code };
    };
    expect(await eventually(addAnswer, { status: 400, code: "VARIANT_UNAVAILABLE" }, started)).toBeLessThan(5_000);
    const warning = async () => (await holder.cart()).warnings.find((w) => w.variantId === variantId)?.code;
    expect(await eventually(warning, "UNAVAILABLE", started)).toBeLessThan(5_000);
    expect((await holder.cart()).warnings).toContainEqual(expect.objectContaining({ code: "UNAVAILABLE", variantId, message: expect.stringContaining("no longer available") }));
    // The edge warns as soon as its cache moves; orders refuses once it has read the archiving from
    // the catalog feed (its price replica), a second or so later.
    await ordersCaughtUp();
    const res = await checkout(holder, `archived-${word}`, checkoutBody(CARDS.succeeds));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: "UNAVAILABLE", details: { variantIds: [variantId] } } });
    expect((await holder.cart()).lines.map((l) => l.variantId)).toContain(variantId);
  });

  it("comes back within 5 s when put back on sale", async () => {
    const started = Date.now();
    expect((await merchantApi("POST", `/merchant/products/${slug}/unarchive`)).status).toBe(200);
    expect(await until({ listed: [slug], page: 200 }, started)).toBeLessThan(5_000);
  });
});
