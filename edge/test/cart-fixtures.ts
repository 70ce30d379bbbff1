import { env, exports } from "cloudflare:workers";
import { merchantApi } from "./admin-fixtures.ts";
import type { CartView } from "../../domain/cart-view.ts";
import type { ProductDetail, ProductListPage, VariantView } from "../../contracts/catalog/views.ts";
import { signedFetch } from "../../platform/signed-fetch.ts";

/**
 * Cart specs talk to the real Worker (exports.default) and, for setting the scene, to the real
 * catalog origin the test stack started (edge/test/global-setup.ts).
 */

/** A browser: keeps the cookies the Worker sets and sends them back. */
export class Shopper {
  readonly #cookies = new Map<string, string>();

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.#cookies.size > 0) headers.set("cookie", [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await exports.default.fetch(`http://localhost${path}`, { ...init, headers, redirect: "manual" });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) this.#cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return res;
  }

  json(path: string, method: string, body?: unknown): Promise<Response> {
    return this.fetch(path, body === undefined ? { method } : { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  }

  form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(path, { method: "POST", headers, body: new URLSearchParams(fields) });
  }

  async cart(query = ""): Promise<CartView> {
    const res = await this.fetch(`/api/cart${query}`);
    if (res.status !== 200) throw new Error(`GET /api/cart answered ${res.status}: ${await res.text()}`);
    return (await res.json<{ cart: CartView }>()).cart;
  }

  hasCookie(name: string): boolean {
    return this.#cookies.has(name);
  }

  cookie(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  /** Puts a cookie in the jar as if a response had set it (a copied or forged one). */
  setCookie(name: string, value: string): void {
    this.#cookies.set(name, value);
  }
}

export interface ErrorJson {
  error: { code: string; message: string; details?: { field?: string } };
}

export function catalogOrigin(): string {
  const regions = JSON.parse(env.REGIONS) as Record<string, { catalog: string }>;
  const region = regions[env.DEFAULT_REGION];
  if (!region) throw new Error("the test REGIONS has no default region");
  return region.catalog;
}

async function catalogGet<T>(path: string): Promise<T> {
  const res = await signedFetch(env.EDGE_SIGNING_SECRET, catalogOrigin(), path);
  if (!res.ok) throw new Error(`catalog ${path} answered ${res.status}`);
  return res.json<T>();
}

export interface SampleVariant extends VariantView {
  productSlug: string;
}

/**
 * Active, in-stock variants from the seeded catalog, taken from the far end of the price-sorted
 * listing so that specs of other areas, which tend to use the first products, are not disturbed
 * when a spec here changes a price.
 */
export async function sampleVariants(count: number, currency = "USD"): Promise<SampleVariant[]> {
  const page = await catalogGet<ProductListPage>(`/catalog/products?limit=40&sort=price_desc&currency=${currency}`);
  const found: SampleVariant[] = [];
  for (const summary of page.products.slice(10)) {
    const { product } = await catalogGet<{ product: ProductDetail }>(`/catalog/products/${summary.slug}?currency=${currency}`);
    for (const v of product.variants) {
      if (v.active && v.stockState !== "out_of_stock" && v.price.amount > 0) found.push({ ...v, productSlug: product.slug });
      if (found.length === count) return found;
    }
  }
  throw new Error(`the seeded catalog has fewer than ${count} sellable variants`);
}

export async function merchantPatch(slug: string, body: unknown): Promise<void> {
  const res = await merchantApi("PATCH", `/merchant/products/${slug}`, body);
  if (!res.ok) throw new Error(`merchant PATCH ${slug} answered ${res.status}: ${await res.text()}`);
}
