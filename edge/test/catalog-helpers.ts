import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { app } from "../src/app.ts";
import { merchantApi } from "./admin-fixtures.ts";
import type { ProductDetail, ProductListPage } from "../../contracts/catalog/views.ts";

/**
 * Shared by the catalog and pages specs: requests to the real Worker, to the real catalog origin
 * the test stack started (edge/test/global-setup.ts), and a few HTML checks.
 */
export const CACHE = "x-edgeshop-cache";

export function edge(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(`http://localhost${path}`, init);
}

export async function edgeJson<T>(path: string): Promise<T> {
  const res = await edge(path);
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res.json<T>();
}

export const listProducts = (query: string) => edgeJson<ProductListPage>(`/api/products?${query}`);
/** Slugs of the products admin specs make on the shared stack start with this (one of them is archived mid-run). */
export const SPEC_MADE_PREFIX = "spec-";
/** A listing's demo-catalog products: what a storefront spec means by "a product", never one an admin spec made and may archive under it. */
export const demoProducts = async (query: string) => (await listProducts(query)).products.filter((p) => !p.slug.startsWith(SPEC_MADE_PREFIX));
export const getProduct = async (slug: string, currency = "USD") =>
  (await edgeJson<{ product: ProductDetail }>(`/api/products/${slug}?currency=${currency}`)).product;

/** The catalog origin the Worker under test talks to. */
export function catalogOrigin(): string {
  const regions = JSON.parse(env.REGIONS) as Record<string, { catalog: string }>;
  const region = regions[env.DEFAULT_REGION];
  if (!region) throw new Error("the test REGIONS has no default region");
  return region.catalog;
}

/** A merchant's product change, through the admin API with an API token (admin-fixtures.ts). */
export function merchantPatch(slug: string, body: unknown): Promise<Response> {
  return merchantApi("PATCH", `/merchant/products/${slug}`, body);
}

/** Nothing listens on port 1 of the loopback: connections are refused at once, as with a dead origin. */
const CLOSED = "http://127.0.0.1:1";
export const DOWN_REGIONS = JSON.stringify({
  local: { catalog: CLOSED, orders: CLOSED, payments: CLOSED, customers: CLOSED },
});

/**
 * Calls the edge app directly with the given bindings and waits for its background work
 * (cache and KV writes), so a following request sees what this one stored.
 */
export async function appFetch(path: string, bindings: Partial<Env> = {}, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`http://localhost${path}`, init), { ...env, ...bindings }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** Accessibility basics a page must meet; returns what is wrong, so a failure says why. */
export function a11yProblems(html: string): string[] {
  const problems: string[] = [];
  if (!/^<!doctype html>/i.test(html)) problems.push("no doctype");
  if (!/<html lang="[a-z]{2}/.test(html)) problems.push("no lang on <html>");
  if (!/<title>[^<]+<\/title>/.test(html)) problems.push("no title");
  if (!/<meta name="viewport"/.test(html)) problems.push("no viewport meta");
  if ((html.match(/<h1[\s>]/g) ?? []).length !== 1) problems.push("not exactly one h1");
  if (!/<main[\s>]/.test(html)) problems.push("no main landmark");
  for (const img of html.match(/<img\b[^>]*>/g) ?? []) if (!/\salt="/.test(img)) problems.push(`img without alt: ${img.slice(0, 80)}`);
  const labelled = new Set([...html.matchAll(/<label[^>]*\bfor="([^"]+)"/g)].map((m) => m[1]));
  for (const control of html.match(/<(input|select|textarea)\b[^>]*>/g) ?? []) {
    if (/type="(hidden|submit)"/.test(control)) continue;
    const id = /\sid="([^"]+)"/.exec(control)?.[1];
    if (!id || !labelled.has(id)) problems.push(`control without a label: ${control.slice(0, 80)}`);
  }
  return problems;
}
