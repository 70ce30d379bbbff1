import type { Context } from "hono";
import { flashSaleSchema, toFlashSale } from "../../../contracts/flash-sales/definition.ts";
import type { FlashSale } from "../../../domain/flash-sale.ts";
import { entryJson } from "../catalog/entry.ts";
import { readCatalog } from "../catalog/read.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * A flash sale's definition at the edge. It comes through the versioned catalog cache
 * (catalog/read.ts), but a sale's start is a stampede: thousands of requests arrive in the same
 * second, and each would ask the catalog for its version and the sale. So this isolate keeps the
 * parsed sale and lets one request at a time fetch it: a cold isolate's other requests wait for
 * that one (by polling: a promise settled by another request's I/O is not safe to await in
 * workerd), and a warm one serves the copy it has while one request refreshes it in the
 * background. A merchant change shows within about a second; orders re-checks the sale anyway.
 */
interface Known {
  sale: FlashSale | undefined;
  at: number;
}

const known = new Map<string, Known>();
const fetching = new Set<string>();
const FRESH_MS = 1_000;
const COLD_WAIT_MS = 10_000;
const POLL_MS = 10;

async function fetchSale(c: Context<EdgeEnv>, id: string): Promise<FlashSale | undefined> {
  const read = await readCatalog(c, `/catalog/flash-sales/${id}`);
  const sale = read.entry.status === 404 ? undefined : toFlashSale(flashSaleSchema.parse(entryJson<{ flashSale: unknown }>(read.entry).flashSale));
  known.set(id, { sale, at: Date.now() });
  return sale;
}

async function fetchOnce(c: Context<EdgeEnv>, id: string): Promise<FlashSale | undefined> {
  fetching.add(id);
  try {
    return await fetchSale(c, id);
  } finally {
    fetching.delete(id);
  }
}

export async function flashSaleById(c: Context<EdgeEnv>, id: string): Promise<FlashSale | undefined> {
  const hit = known.get(id);
  if (hit) {
    if (Date.now() - hit.at >= FRESH_MS && !fetching.has(id)) {
      c.executionCtx.waitUntil(fetchOnce(c, id).catch(() => undefined));
    }
    return hit.sale;
  }
  const deadline = Date.now() + COLD_WAIT_MS;
  while (fetching.has(id) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  const fetched = known.get(id);
  if (fetched) return fetched.sale;
  return fetchOnce(c, id);
}

/** Current and upcoming sales (not cancelled, not over), for pages. */
export async function currentFlashSales(c: Context<EdgeEnv>): Promise<FlashSale[]> {
  const read = await readCatalog(c, "/catalog/flash-sales");
  // Parsed once per cached answer, not on every product page view.
  let sales = parsedLists.get(read.entry);
  if (!sales) {
    sales = flashSaleSchema.array().parse(entryJson<{ flashSales: unknown }>(read.entry).flashSales).map(toFlashSale);
    parsedLists.set(read.entry, sales);
  }
  return sales;
}

const parsedLists = new WeakMap<object, FlashSale[]>();
