import type { Context } from "hono";
import type { SellableVariant } from "../../../domain/catalog.ts";
import type { Currency } from "../../../domain/money.ts";
import { callServiceJson } from "../origin.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * Variant lookups for the cart go to the catalog origin, not the edge cache: a price put into a
 * cart (or re-checked there) should be the catalog's current one. The order service re-prices
 * at checkout anyway, so this only keeps the cart honest, it does not make it authoritative.
 */
export const MAX_VARIANTS_PER_LOOKUP = 100;

export async function lookupVariants(c: Context<EdgeEnv>, ids: readonly string[], currency: Currency): Promise<SellableVariant[]> {
  const unique = [...new Set(ids)];
  const found: SellableVariant[] = [];
  for (let i = 0; i < unique.length; i += MAX_VARIANTS_PER_LOOKUP) {
    const batch = unique.slice(i, i + MAX_VARIANTS_PER_LOOKUP);
    const query = new URLSearchParams({ ids: batch.join(","), currency });
    const body = await callServiceJson<{ variants: SellableVariant[] }>(c, "catalog", `/catalog/variants?${query.toString()}`);
    found.push(...body.variants);
  }
  return found;
}

export async function lookupVariant(c: Context<EdgeEnv>, id: string, currency: Currency): Promise<SellableVariant | undefined> {
  const [variant] = await lookupVariants(c, [id], currency);
  return variant?.variantId === id ? variant : undefined;
}
