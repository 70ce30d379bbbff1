import { eq } from "drizzle-orm";
import { STOCK_CHANGED, stockChangedSchema } from "../../contracts/orders/events.ts";
import { stockStateOf } from "../../domain/catalog.ts";
import { remoteFeedConsumer, type RemoteFeedTarget } from "../shared/feed-client.ts";
import { appendEvent, parsePayload, type EventConsumer, type OutboxEvent } from "../shared/outbox.ts";
import type { CatalogSchema, CatalogTx } from "./db.ts";
import { STOCK_STATE_CHANGED, type StockStateChanged } from "../../contracts/catalog/events.ts";
import { products, variants } from "./schema.ts";

/** The orders service's feed, which tells the catalog how many units are left of each variant. */
export const ORDERS_FEED = "orders";

/**
 * Applies `stock.changed` {variantId, available}: the displayed stock follows the orders
 * service's count, and a `stock_state.changed` event is published only when what shoppers see
 * (in stock, low, out) changes, so the edge's caches are not invalidated by every sale.
 */
export async function applyStockEvent(tx: CatalogTx, event: OutboxEvent): Promise<void> {
  if (event.type !== STOCK_CHANGED) return;
  // A payload that breaks the contract is rejected: logged and counted by the consumer.
  const stock = parsePayload(stockChangedSchema, event);
  const { variantId } = stock;
  const available = Math.max(0, stock.available);
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

/** The consumer `start()` runs (`baseUrl`: the orders service); it keeps retrying while orders is down. */
export function createStockConsumer(options: RemoteFeedTarget<CatalogSchema>): EventConsumer<CatalogSchema> {
  return remoteFeedConsumer({ ...options, feed: ORDERS_FEED, apply: applyStockEvent });
}
