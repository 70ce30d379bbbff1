import type { ProductListQuery } from "../../../contracts/catalog/views.ts";
import type { Currency } from "../../../domain/money.ts";
import { parse } from "../../../platform/http.ts";
import { currencyQuerySchema, productListQuerySchema, slugSchema } from "../../../contracts/text.ts";

/**
 * Every catalog read is named by the origin path it would call, with the query normalised
 * (defaults filled in, fixed parameter order, unknown parameters dropped): `?sort=newest&limit=20`
 * and `?limit=20` share one cache entry, and the same string is the cache key and the origin URL.
 */
export type CatalogKey = string;

const LIST_PARAMS = ["limit", "cursor", "category", "q", "minPrice", "maxPrice", "sort", "currency"] as const;

export function productListKey(query: ProductListQuery): CatalogKey {
  const params = new URLSearchParams();
  for (const name of LIST_PARAMS) {
    const value = query[name];
    if (value !== undefined && value !== "") params.set(name, String(value));
  }
  return `/catalog/products?${params.toString()}`;
}

export function productKey(slug: string, currency: Currency): CatalogKey {
  return `/catalog/products/${slug}?currency=${currency}`;
}

export const CATEGORIES_KEY: CatalogKey = "/catalog/categories";

/** Validates list parameters (400 naming the parameter) and returns the normalised query. */
export function parseProductListQuery(raw: Record<string, string>): ProductListQuery {
  return parse(productListQuerySchema, raw);
}

export function parseSlug(slug: string): string {
  return parse(slugSchema, slug);
}

export function parseCurrency(raw: Record<string, string | undefined>): Currency {
  return parse(currencyQuerySchema, { currency: raw.currency }).currency;
}

// Validating with zod on every request is the largest cost of a memory hit, so the key of each
// raw query string already seen is remembered. Only valid queries get here; the map is simply
// emptied when full, as the hot keys come straight back.
const MAX_REMEMBERED_QUERIES = 2_000;
const listKeysBySearch = new Map<string, CatalogKey>();

/** The normalised key for a raw list query string (the part of the URL after `?`, may be ""). */
export function productListKeyForSearch(search: string): CatalogKey {
  const known = listKeysBySearch.get(search);
  if (known !== undefined) return known;
  const key = productListKey(parseProductListQuery(Object.fromEntries(new URLSearchParams(search))));
  if (listKeysBySearch.size >= MAX_REMEMBERED_QUERIES) listKeysBySearch.clear();
  listKeysBySearch.set(search, key);
  return key;
}

/** The part of a URL after `?` without parsing the whole URL. */
export function searchOf(url: string): string {
  const at = url.indexOf("?");
  if (at < 0) return "";
  const hash = url.indexOf("#", at);
  return hash < 0 ? url.slice(at + 1) : url.slice(at + 1, hash);
}
