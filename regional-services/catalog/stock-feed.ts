import { eq, ne, sql } from "drizzle-orm";
import { STOCK_CHANGED, stockChangedSchema } from "../../contracts/orders/events.ts";
import { stockStateOf } from "../../domain/catalog.ts";
import { remoteFeedConsumer, type RemoteFeedTarget } from "../shared/feed-client.ts";
import { appendEvents, lastPerKey, parsePage, type EventConsumer, type NewEvent, type OutboxEvent, type PageResult, type Rejection } from "../shared/outbox.ts";
import type { CatalogSchema, CatalogTx } from "./db.ts";
import { STOCK_STATE_CHANGED, type StockStateChanged } from "../../contracts/catalog/events.ts";
import { products, variants } from "./schema.ts";

/** The orders service's feed, which tells the catalog how many units are left of each variant. */
export const ORDERS_FEED = "orders";

/** Whether an event of the orders feed is the catalog's business: the rest never write here. */
const isStockChange = (event: OutboxEvent): boolean => event.type === STOCK_CHANGED;

/**
 * The level each variant is left at by a page's `stock.changed` events, in the order of each
 * variant's last event; other event types are not the catalog's business. A payload that breaks
 * the contract is rejected (logged and counted by the consumer) and changes nothing.
 */
function latestLevels(events: readonly OutboxEvent[]): { levels: Map<string, number>; rejected: Rejection[] } {
  const { parsed, rejected } = parsePage(events, (type) => (type === STOCK_CHANGED ? stockChangedSchema : undefined));
  const last = lastPerKey(parsed, ({ data }) => data.variantId);
  return { levels: new Map([...last].map(([variantId, { data }]) => [variantId, Math.max(0, data.available)])), rejected };
}

/**
 * Applies a page of the orders feed's `stock.changed` {variantId, available}: the displayed stock
 * follows the orders service's count (the last count of the page wins), and a
 * `stock_state.changed` event is published only when what shoppers see (in stock, low, out)
 * differs from before the page, so the edge's caches are not invalidated by every sale. A level
 * the page passes through and leaves is never committed, so nobody could have seen it and nothing
 * is published for it. Unknown variants are skipped.
 *
 * One statement per page: the variants whose level changes are locked in id order and read as
 * they are now (a merchant's save that commits meanwhile is waited for, as before, so the state
 * compared against is the committed one), then updated from those same rows.
 */
export async function applyStockPage(tx: CatalogTx, events: readonly OutboxEvent[]): Promise<PageResult> {
  const { levels, rejected } = latestLevels(events);
  if (levels.size === 0) return { rejected };
  const next = sql`(values ${sql.join(
    [...levels].map(([id, level]) => sql`(${id}, ${level}::int)`),
    sql`, `,
  )}) as next(id, level)`;
  const changing = tx.$with("changing").as(
    tx
      .select({ id: variants.id, was: variants.stock, level: sql<number>`next.level`.as("level"), productId: variants.productId, productSlug: products.slug })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .innerJoin(next, sql`next.id = ${variants.id}`)
      .where(ne(variants.stock, sql`next.level`))
      .orderBy(variants.id)
      .for("update", { of: variants }),
  );
  const changed = await tx
    .with(changing)
    .update(variants)
    .set({ stock: sql`${changing.level}` })
    .from(changing)
    .where(eq(variants.id, changing.id))
    .returning({ id: changing.id, was: changing.was, level: changing.level, productId: changing.productId, productSlug: changing.productSlug });
  const byId = new Map(changed.map((row) => [row.id, row]));
  const published: NewEvent[] = [];
  for (const variantId of levels.keys()) {
    const row = byId.get(variantId);
    if (!row) continue;
    const after = stockStateOf(row.level);
    if (stockStateOf(row.was) === after) continue;
    const payload: StockStateChanged = { variantId, productId: row.productId, productSlug: row.productSlug, stockState: after };
    published.push({ type: STOCK_STATE_CHANGED, subject: variantId, payload });
  }
  if (published.length > 0) await appendEvents(tx, published);
  return { rejected };
}

/** The consumer `start()` runs (`baseUrl`: the orders service); it keeps retrying while orders is down. */
export function createStockConsumer(options: RemoteFeedTarget<CatalogSchema>): EventConsumer<CatalogSchema> {
  return remoteFeedConsumer({ ...options, feed: ORDERS_FEED, applyPage: applyStockPage, handles: isStockChange });
}
