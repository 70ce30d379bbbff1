import { eq } from "drizzle-orm";
import { z } from "zod";
import { stockStateOf } from "../../domain/catalog.ts";
import { signedFetch } from "../../platform/signed-fetch.ts";
import { appendEvent, EventConsumer, type OutboxEvent } from "../shared/outbox.ts";
import type { CatalogDb, CatalogSchema, CatalogTx } from "./db.ts";
import { STOCK_STATE_CHANGED, type StockStateChanged } from "./events.ts";
import { products, variants } from "./schema.ts";

/** The orders service's feed, which tells the catalog how many units are left of each variant. */
export const ORDERS_FEED = "orders";

const eventSchema = z.object({
  seq: z.number().int(),
  type: z.string(),
  subject: z.string(),
  payload: z.unknown(),
  createdAt: z.string(),
});
// `{ events: [...] }` is the shape every service's /internal/events answers; a bare array is
// accepted too, so a peer that answers either way still feeds the catalog.
const feedSchema = z.union([z.object({ events: z.array(eventSchema) }), z.array(eventSchema)]);

const stockChangedSchema = z.object({ variantId: z.string(), available: z.number().int() });

/** Fetches a page of a sibling's outbox feed, signed as a service. */
export async function fetchFeed(baseUrl: string, secret: string, after: number, limit = 500): Promise<OutboxEvent[]> {
  const res = await signedFetch(secret, baseUrl, `/internal/events?after=${after}&limit=${limit}`, { timeoutMs: 5_000 });
  if (!res.ok) throw new Error(`feed ${baseUrl} answered ${res.status}`);
  const body = feedSchema.parse(await res.json());
  return Array.isArray(body) ? body : body.events;
}

/**
 * Applies `stock.changed` {variantId, available}: the displayed stock follows the orders
 * service's count, and a `stock_state.changed` event is published only when what shoppers see
 * (in stock, low, out) changes, so the edge's caches are not invalidated by every sale.
 */
export async function applyStockEvent(tx: CatalogTx, event: OutboxEvent): Promise<void> {
  if (event.type !== "stock.changed") return;
  const parsed = stockChangedSchema.safeParse(event.payload);
  if (!parsed.success) return;
  const { variantId } = parsed.data;
  const available = Math.max(0, parsed.data.available);
  const [row] = await tx
    .select({ stock: variants.stock, productId: variants.productId, productSlug: products.slug })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(variants.id, variantId))
    .for("update", { of: variants });
  if (!row || row.stock === available) return;
  await tx.update(variants).set({ stock: available }).where(eq(variants.id, variantId));
  const before = stockStateOf(row.stock);
  const after = stockStateOf(available);
  if (before === after) return;
  const payload: StockStateChanged = { variantId, productId: row.productId, productSlug: row.productSlug, stockState: after };
  await appendEvent(tx, STOCK_STATE_CHANGED, variantId, payload);
}

/**
 * Wraps a feed fetch so that, while the peer is down, it is asked again only after a growing
 * pause (up to `maxMs`) instead of on every poll: one warning per pause, not two a second.
 */
export function withBackoff(fetchEvents: (after: number) => Promise<OutboxEvent[]>, maxMs = 30_000, now = () => Date.now()): (after: number) => Promise<OutboxEvent[]> {
  let delay = 0;
  let retryAt = 0;
  return async (after) => {
    if (now() < retryAt) return [];
    try {
      const events = await fetchEvents(after);
      delay = 0;
      return events;
    } catch (err) {
      delay = Math.min(maxMs, Math.max(1_000, delay * 2));
      retryAt = now() + delay;
      throw err;
    }
  };
}

/** The consumer `start()` runs; it keeps retrying while the orders service is down. */
export function createStockConsumer(options: { db: CatalogDb; ordersUrl: string; secret: string; intervalMs?: number }): EventConsumer<CatalogSchema> {
  return new EventConsumer({
    feed: ORDERS_FEED,
    db: options.db,
    fetchEvents: withBackoff((after) => fetchFeed(options.ordersUrl, options.secret, after)),
    apply: applyStockEvent,
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
  });
}
