import { inArray } from "drizzle-orm";
import { STOCK_LOW, type StockChanged, type StockLow } from "../../contracts/orders/events.ts";
import { appendEvents } from "../shared/outbox.ts";
import type { OrdersTx } from "./db.ts";
import { stockLowNotices } from "./schema.ts";

/**
 * `stock.low`: published when a variant's sellable units fall to the threshold or below, once per
 * crossing. A notice row marks a variant as told; it goes when the level rises above the threshold
 * again, so the next fall is told anew. Called with the levels a transaction publishes, in that
 * transaction: the stock row is still locked by it, so two transactions never both tell one fall.
 *
 * The threshold is a process-wide setting (LOW_STOCK_THRESHOLD, set once by service.ts): stock
 * levels are published from checkout, order transitions and the catalog feed, and threading one
 * number through each of them would touch all of them for nothing.
 */
export const DEFAULT_LOW_STOCK_THRESHOLD = 5;
let threshold = DEFAULT_LOW_STOCK_THRESHOLD;

export function setLowStockThreshold(value: number): void {
  threshold = value;
}

export async function publishLowStock(tx: OrdersTx, levels: readonly StockChanged[]): Promise<void> {
  const restocked = levels.filter((l) => l.available > threshold).map((l) => l.variantId);
  if (restocked.length > 0) await tx.delete(stockLowNotices).where(inArray(stockLowNotices.variantId, restocked));
  await publishFallenStock(tx, levels);
}

/**
 * publishLowStock for levels that only went down (a checkout's reservations). A level above the
 * threshold after a fall was above it before too, and every rise published its level, so no
 * notice of such a variant can be waiting to be re-armed: checkout skips that statement.
 */
export async function publishFallenStock(tx: OrdersTx, levels: readonly StockChanged[]): Promise<void> {
  const low = levels.filter((l) => l.available <= threshold);
  const events = [];
  for (const level of low) {
    const told = await tx.insert(stockLowNotices).values({ variantId: level.variantId }).onConflictDoNothing().returning({ variantId: stockLowNotices.variantId });
    if (told.length === 0) continue;
    const payload: StockLow = { variantId: level.variantId, available: level.available, threshold };
    events.push({ type: STOCK_LOW, subject: level.variantId, payload });
  }
  if (events.length > 0) await appendEvents(tx, events);
}
