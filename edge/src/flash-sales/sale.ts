import type { Context } from "hono";
import { flashSaleSchema, toFlashSale } from "../../../contracts/flash-sales/definition.ts";
import type { FlashSale } from "../../../domain/flash-sale.ts";
import { entryJson } from "../catalog/entry.ts";
import { readCatalog } from "../catalog/read.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * A flash sale's definition, read through the edge's versioned catalog cache (catalog/read.ts):
 * a merchant change moves the catalog version, so the edge sees it within about a second, and
 * the stampede of a sale's start reads it from isolate memory, not from the catalog.
 */
const parsed = new WeakMap<object, FlashSale>();

export async function flashSaleById(c: Context<EdgeEnv>, id: string): Promise<FlashSale | undefined> {
  const read = await readCatalog(c, `/catalog/flash-sales/${id}`);
  if (read.entry.status === 404) return undefined;
  const cached = parsed.get(read.entry);
  if (cached) return cached;
  const sale = toFlashSale(flashSaleSchema.parse(entryJson<{ flashSale: unknown }>(read.entry).flashSale));
  parsed.set(read.entry, sale);
  return sale;
}

/** Current and upcoming sales (not cancelled, not over), for pages. */
export async function currentFlashSales(c: Context<EdgeEnv>): Promise<FlashSale[]> {
  const read = await readCatalog(c, "/catalog/flash-sales");
  return flashSaleSchema.array().parse(entryJson<{ flashSales: unknown }>(read.entry).flashSales).map(toFlashSale);
}
