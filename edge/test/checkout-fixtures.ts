import { env } from "cloudflare:workers";
import { merchantApi } from "./admin-fixtures.ts";
import type { CartView } from "../../domain/cart-view.ts";
import type { ProductDetail, ProductListPage } from "../../contracts/catalog/views.ts";
import { signedFetch } from "../../platform/signed-fetch.ts";
import type { Shopper } from "./cart-fixtures.ts";

/**
 * Checkout specs run the real Worker against the real catalog, orders and payments services of
 * the test stack. Setting the scene goes through the catalog origin; the orders service is asked
 * only how far it has read the catalog's feed, so a spec never races a price or stock change.
 */
export const CARDS = {
  succeeds: "4242424242424242",
  declined: "4000000000000002",
  requiresAction: "4000002760003184",
} as const;

export const ADDRESS = { name: "Grace Hopper", line1: "1 Compiler Street", city: "Arlington", postalCode: "22201", country: "US" };

export function checkoutBody(card: string = CARDS.succeeds, extra: Record<string, unknown> = {}) {
  return { email: "grace@example.com", shippingAddress: ADDRESS, payment: { card, expMonth: 12, expYear: new Date().getUTCFullYear() + 2, cvc: "123" }, ...extra };
}

function origin(service: "catalog" | "orders"): string {
  const regions = JSON.parse(env.REGIONS) as Record<string, Record<string, string>>;
  const url = regions[env.DEFAULT_REGION]?.[service];
  if (!url) throw new Error(`the test REGIONS has no ${service}`);
  return url;
}

async function signedJson<T>(service: "catalog" | "orders", path: string): Promise<T> {
  const res = await signedFetch(env.EDGE_SIGNING_SECRET, origin(service), path);
  if (!res.ok) throw new Error(`${service} ${path} answered ${res.status}`);
  return res.json<T>();
}

/** Waits until the orders service has applied everything the catalog has published so far. */
export async function ordersCaughtUp(timeoutMs = 10_000): Promise<void> {
  const { version } = await signedJson<{ version: number }>("catalog", "/catalog/version");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { feeds } = await signedJson<{ feeds: { feed: string; position: number }[] }>("orders", "/internal/feeds");
    if ((feeds.find((f) => f.feed === "catalog")?.position ?? 0) >= version) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the orders service has not caught up with catalog version ${version}`);
}

export interface StockedVariant {
  id: string;
  productSlug: string;
  price: number;
}

/**
 * In-stock variants from the cheap end of the catalog, a region the cart specs (which take the
 * dear end) leave alone; `skip` lets each spec file take its own.
 */
export async function stockedVariants(count: number, skip = 0): Promise<StockedVariant[]> {
  const page = await signedJson<ProductListPage>("catalog", "/catalog/products?limit=60&sort=price_asc&currency=USD");
  const found: StockedVariant[] = [];
  for (const summary of page.products) {
    const { product } = await signedJson<{ product: ProductDetail }>("catalog", `/catalog/products/${summary.slug}?currency=USD`);
    for (const v of product.variants) {
      if (!v.active || v.stockState !== "in_stock") continue;
      if (skip > 0) skip--;
      else found.push({ id: v.id, productSlug: product.slug, price: v.price.amount });
      if (found.length === count) return found;
    }
  }
  throw new Error(`the seeded catalog has fewer than ${count} stocked variants to spare`);
}

export async function addToCart(shopper: Shopper, variantId: string, quantity = 1): Promise<CartView> {
  const res = await shopper.json("/api/cart/items", "POST", { variantId, quantity });
  if (res.status !== 200) throw new Error(`add answered ${res.status}: ${await res.text()}`);
  return (await res.json<{ cart: CartView }>()).cart;
}

export function checkout(shopper: Shopper, key: string | undefined, body: unknown): Promise<Response> {
  return shopper.fetch("/api/checkout", {
    method: "POST",
    headers: { "content-type": "application/json", ...(key === undefined ? {} : { "idempotency-key": key }) },
    body: JSON.stringify(body),
  });
}

export async function merchantPatch(slug: string, body: unknown): Promise<void> {
  const res = await merchantApi("PATCH", `/merchant/products/${slug}`, body);
  if (!res.ok) throw new Error(`merchant PATCH ${slug} answered ${res.status}: ${await res.text()}`);
}
