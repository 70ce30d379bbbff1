import { z } from "zod";
import { PRODUCT_SORTS, type ProductListQuery, type ProductSort } from "../../../contracts/catalog/views.ts";
import { MINOR_UNIT_DIGITS, type Currency } from "../../../domain/money.ts";
import { parse } from "../../../platform/http.ts";
import { MAX_SEARCH_LENGTH } from "../../../contracts/limits.ts";
import { parseProductListQuery, productListKey, type CatalogKey } from "./keys.ts";

/**
 * What a listing page's filter form sends. Shoppers type prices in major units ("12.50"), the
 * catalog API speaks minor units; empty form fields mean "no filter".
 */
export const PAGE_SIZE = 24;

const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);
const decimalPrice = (name: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^\d{1,7}(\.\d{1,2})?$/, { error: `${name} must be an amount like 12 or 12.50` })
      .optional(),
  );

const listingPageSchema = z
  .object({
    q: z.preprocess(blankToUndefined, z.string().trim().max(MAX_SEARCH_LENGTH, { error: `q must be at most ${MAX_SEARCH_LENGTH} characters` }).optional()),
    cursor: z.preprocess(blankToUndefined, z.string().max(512, { error: "cursor is too long" }).optional()),
    min: decimalPrice("min"),
    max: decimalPrice("max"),
    sort: z.preprocess(blankToUndefined, z.enum(PRODUCT_SORTS, { error: `sort must be one of ${PRODUCT_SORTS.join(", ")}` }).default("newest")),
  })
  .refine((p) => p.min === undefined || p.max === undefined || Number(p.min) <= Number(p.max), {
    message: "min must not be greater than max",
    path: ["min"],
  });

export interface ListingParams {
  q?: string | undefined;
  cursor?: string | undefined;
  min?: string | undefined;
  max?: string | undefined;
  sort: ProductSort;
}

export function parseListingParams(raw: Record<string, string>): ListingParams {
  return parse(listingPageSchema, raw);
}

/** "12.5" → 1250 in integer maths, for a currency with two minor digits. */
export function toMinorUnits(decimal: string, currency: Currency): number {
  const digits = MINOR_UNIT_DIGITS[currency];
  const [whole = "0", fraction = ""] = decimal.split(".");
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0").slice(0, digits) || "0");
}

/** The catalog query for a listing page (validated by the same schema as the JSON API). */
export function listQueryFor(params: ListingParams, currency: Currency, category?: string): ProductListQuery {
  return parseProductListQuery({
    limit: String(PAGE_SIZE),
    sort: params.sort,
    currency,
    ...(category ? { category } : {}),
    ...(params.q ? { q: params.q } : {}),
    ...(params.cursor ? { cursor: params.cursor } : {}),
    ...(params.min ? { minPrice: String(toMinorUnits(params.min, currency)) } : {}),
    ...(params.max ? { maxPrice: String(toMinorUnits(params.max, currency)) } : {}),
  });
}

/** A link to the same listing with other parameters; empty values are left out. */
export function listingHref(path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** A listing page's request resolved: its parameters and the catalog read behind it. */
export interface ListingRequest {
  params: ListingParams;
  listKey: CatalogKey;
}

// Validating with zod twice (the page's parameters, then the catalog query) was the largest cost
// of a kept listing page, so each raw query string's resolution is remembered, as keys.ts does
// for the JSON list. Only valid ones get here; the map is emptied when full.
const MAX_REMEMBERED_LISTINGS = 2_000;
const listings = new Map<string, ListingRequest>();

/** The listing for a raw query string (the part of the URL after `?`), in `currency`, of `category` or of a search. */
export function listingRequest(search: string, currency: Currency, category?: string): ListingRequest {
  const key = `${category ?? ""}\u0000${currency}\u0000${search}`;
  const known = listings.get(key);
  if (known) return known;
  const params = parseListingParams(Object.fromEntries(new URLSearchParams(search)));
  const resolved = { params, listKey: productListKey(listQueryFor(params, currency, category)) };
  if (listings.size >= MAX_REMEMBERED_LISTINGS) listings.clear();
  listings.set(key, resolved);
  return resolved;
}
