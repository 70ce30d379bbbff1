import { and, eq, gte, sql } from "drizzle-orm";
import { appendEvent } from "../shared/outbox.ts";
import type { OrdersTx } from "./db.ts";
import { STOCK_CHANGED, type StockChanged } from "./events.ts";
import { inventory } from "./schema.ts";

/**
 * Units per variant. Every change is a single conditional UPDATE on the variant's row, so two
 * checkouts for the last unit queue on the row lock and exactly one finds `available >= qty`;
 * the CHECK constraint in the schema backs that up should any code ever get it wrong.
 */
export interface Units {
  variantId: string;
  quantity: number;
}

export type Reservation = { ok: true; levels: StockChanged[] } | { ok: false; variantIds: string[] };

/**
 * Takes `units` (in variant id order, see unitsByVariant) out of stock. Every variant is tried,
 * so the shopper hears about all the short ones at once; the caller rolls the transaction back
 * when any is short, which returns the units that were taken.
 */
export async function reserveUnits(tx: OrdersTx, units: readonly Units[]): Promise<Reservation> {
  const levels: StockChanged[] = [];
  const short: string[] = [];
  for (const { variantId, quantity } of units) {
    const [row] = await tx
      .update(inventory)
      .set({ available: sql`${inventory.available} - ${quantity}`, updatedAt: new Date() })
      .where(and(eq(inventory.variantId, variantId), gte(inventory.available, quantity)))
      .returning({ available: inventory.available });
    if (row) levels.push({ variantId, available: row.available });
    else short.push(variantId);
  }
  return short.length > 0 ? { ok: false, variantIds: short } : { ok: true, levels };
}

/** Puts units back (a payment failed or was cancelled). A variant with no stock row gets one. */
export async function releaseUnits(tx: OrdersTx, units: readonly Units[]): Promise<StockChanged[]> {
  const levels: StockChanged[] = [];
  for (const { variantId, quantity } of units) {
    const [row] = await tx
      .insert(inventory)
      .values({ variantId, available: quantity })
      .onConflictDoUpdate({ target: inventory.variantId, set: { available: sql`${inventory.available} + ${quantity}`, updatedAt: new Date() } })
      .returning({ available: inventory.available });
    if (row) levels.push({ variantId, available: row.available });
  }
  return levels;
}

/** The merchant's count replaces ours (catalog feed, `stockOnHand`). */
export async function setStock(tx: OrdersTx, variantId: string, available: number): Promise<void> {
  const value = Math.max(0, Math.trunc(available));
  await tx
    .insert(inventory)
    .values({ variantId, available: value })
    .onConflictDoUpdate({ target: inventory.variantId, set: { available: value, updatedAt: new Date() } });
}

/** One `stock.changed` per variant; call last in the transaction (the outbox lock serialises writers). */
export async function publishStockLevels(tx: OrdersTx, levels: readonly StockChanged[]): Promise<void> {
  for (const level of levels) await appendEvent(tx, STOCK_CHANGED, level.variantId, level);
}

/** Units left of a variant, or undefined when nobody ever set its stock. */
export async function availableUnits(tx: Pick<OrdersTx, "select">, variantId: string): Promise<number | undefined> {
  const [row] = await tx.select({ available: inventory.available }).from(inventory).where(eq(inventory.variantId, variantId));
  return row?.available;
}
