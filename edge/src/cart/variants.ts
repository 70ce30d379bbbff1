import type { Context } from "hono";
import type { SellableVariant } from "../../../domain/catalog.ts";
import type { Currency } from "../../../domain/money.ts";
import { entryJson } from "../catalog/entry.ts";
import { readCatalog } from "../catalog/read.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * Variant lookups for the cart are catalog reads like any other: they come from the versioned
 * edge cache, so a price put into a cart is at most a second or two behind the catalog. That is
 * the design's bargain ("the edge answers reads, the region decides writes"): the orders service
 * re-prices every line at checkout and refuses a price it did not confirm.
 */
export const MAX_VARIANTS_PER_LOOKUP = 100;

// Every add to cart names one variant: its key is remembered rather than encoded again each time
// (the map is simply emptied when full; the variants being bought come straight back). A whole
// cart's price check names many, and is rarer: its key is not kept.
const MAX_REMEMBERED_KEYS = 2_000;
const keys = new Map<string, string>();

function variantsKey(ids: readonly string[], currency: Currency): string {
  const joined = ids.join(",");
  const remembered = keys.get(`${currency}|${joined}`);
  if (remembered !== undefined) return remembered;
  const key = `/catalog/variants?${new URLSearchParams({ ids: joined, currency }).toString()}`;
  if (ids.length > 1) return key;
  if (keys.size >= MAX_REMEMBERED_KEYS) keys.clear();
  keys.set(`${currency}|${joined}`, key);
  return key;
}

export async function lookupVariants(c: Context<EdgeEnv>, ids: readonly string[], currency: Currency): Promise<SellableVariant[]> {
  // Sorted, so the same set of ids is the same cache entry whatever order the cart lists them in.
  const unique = [...new Set(ids)].sort();
  const found: SellableVariant[] = [];
  for (let i = 0; i < unique.length; i += MAX_VARIANTS_PER_LOOKUP) {
    const read = await readCatalog(c, variantsKey(unique.slice(i, i + MAX_VARIANTS_PER_LOOKUP), currency));
    found.push(...entryJson<{ variants: SellableVariant[] }>(read.entry).variants);
  }
  return found;
}

export async function lookupVariant(c: Context<EdgeEnv>, id: string, currency: Currency): Promise<SellableVariant | undefined> {
  const [variant] = await lookupVariants(c, [id], currency);
  return variant?.variantId === id ? variant : undefined;
}
