import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { appendEvents, type NewEvent } from "../shared/outbox.ts";
import type { OrdersTx } from "./db.ts";
import { STOCK_CHANGED, type StockChanged } from "../../contracts/orders/events.ts";
import { inventory, orderLines, orders } from "./schema.ts";
import { publishLowStock } from "./stock-low.ts";

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

/**
 * Puts units back (a payment failed or was cancelled). Units the merchant's last count did not
 * cover (the shortfall) are not put back: the merchant does not have them. A variant with no
 * stock row gets one.
 */
export async function releaseUnits(tx: OrdersTx, units: readonly Units[]): Promise<StockChanged[]> {
  const levels: StockChanged[] = [];
  for (const { variantId, quantity } of units) {
    const [row] = await tx
      .insert(inventory)
      .values({ variantId, available: quantity })
      .onConflictDoUpdate({
        target: inventory.variantId,
        // Both expressions read the row as it was before this update.
        set: {
          available: sql`${inventory.available} + greatest(0, ${quantity}::int - ${inventory.shortfall})`,
          shortfall: sql`greatest(0, ${inventory.shortfall} - ${quantity}::int)`,
          updatedAt: new Date(),
        },
      })
      .returning({ available: inventory.available });
    if (row) levels.push({ variantId, available: row.available });
  }
  return levels;
}

/**
 * The merchant's count of units on hand (catalog feed, `stockOnHand`). Units held by orders
 * awaiting payment are already out of `available` and go back in if those orders are cancelled,
 * so they are taken off the count instead of being counted twice; held units the count does not
 * cover become the shortfall. The new level is published so the catalog's displayed stock follows.
 */
export async function setStock(tx: OrdersTx, variantId: string, stockOnHand: number): Promise<StockChanged> {
  const created = await lockStockRow(tx, variantId);
  // Read after the lock: a checkout or cancellation that held it has committed by now, and one
  // still to come waits for this transaction and then works from the level set here.
  const held = await heldUnits(tx, variantId);
  const onHand = Math.max(0, Math.trunc(stockOnHand));
  const level = { variantId, available: Math.max(0, onHand - held) };
  await tx
    .update(inventory)
    .set({ available: level.available, shortfall: Math.max(0, held - onHand), updatedAt: new Date() })
    .where(eq(inventory.variantId, variantId));
  // A first count is what the catalog shows already, and no earlier level of ours can land after it.
  if (!created) await publishStockLevels(tx, [level]);
  return level;
}

/**
 * Locks the variant's stock row, creating it if need be; true when it was created. The feed
 * applies a page of events in one transaction and so locks stock rows in feed order, while
 * checkouts lock theirs in variant id order: waiting here could deadlock, so a busy row fails the
 * page at once (NOWAIT) and the feed retries it on its next poll.
 */
async function lockStockRow(tx: OrdersTx, variantId: string): Promise<boolean> {
  const inserted = await tx.insert(inventory).values({ variantId, available: 0 }).onConflictDoNothing().returning({ variantId: inventory.variantId });
  if (inserted.length > 0) return true;
  await tx.select({ variantId: inventory.variantId }).from(inventory).where(eq(inventory.variantId, variantId)).for("update", { noWait: true });
  return false;
}

/** Units of `variantId` that orders awaiting payment hold (taken out of stock at checkout). */
async function heldUnits(tx: OrdersTx, variantId: string): Promise<number> {
  const [row] = await tx
    .select({ held: sql<number>`coalesce(sum(${orderLines.quantity}), 0)`.mapWith(Number) })
    .from(orders)
    .innerJoin(orderLines, eq(orderLines.orderId, orders.id))
    .where(and(eq(orders.status, "pending_payment"), eq(orderLines.variantId, variantId)));
  return row?.held ?? 0;
}

/** One `stock.changed` per variant, with the levels the transaction's own updates returned. */
export function stockEvents(levels: readonly StockChanged[]): NewEvent[] {
  return levels.map((level) => ({ type: STOCK_CHANGED, subject: level.variantId, payload: level }));
}

/** Records stockEvents(levels) in one statement. */
export async function publishStockLevels(tx: OrdersTx, levels: readonly StockChanged[]): Promise<void> {
  await appendEvents(tx, stockEvents(levels));
  await publishLowStock(tx, levels);
}

/** Units left of a variant, or undefined when nobody ever set its stock. */
export async function availableUnits(tx: Pick<OrdersTx, "select">, variantId: string): Promise<number | undefined> {
  const [row] = await tx.select({ available: inventory.available }).from(inventory).where(eq(inventory.variantId, variantId));
  return row?.available;
}

/**
 * setStock for a page of counts at once (the catalog feed's first pages carry thousands): the same
 * rules in five statements instead of four per variant, so a fresh orders database catches up
 * with the catalog in seconds. `counts` must name each variant once.
 */
export async function setStockMany(tx: OrdersTx, counts: readonly { variantId: string; stockOnHand: number }[]): Promise<StockChanged[]> {
  if (counts.length === 0) return [];
  // Rows are created and locked in variant id order, as checkouts take them, so the two never deadlock.
  const sorted = [...counts].sort((a, b) => (a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0));
  const ids = sorted.map((c) => c.variantId);
  const created = new Set(
    (await tx.insert(inventory).values(ids.map((variantId) => ({ variantId, available: 0 }))).onConflictDoNothing().returning({ variantId: inventory.variantId })).map(
      (r) => r.variantId,
    ),
  );
  const existing = ids.filter((id) => !created.has(id));
  // NOWAIT for the reason lockStockRow gives.
  if (existing.length > 0) await tx.select({ variantId: inventory.variantId }).from(inventory).where(inArray(inventory.variantId, existing)).orderBy(inventory.variantId).for("update", { noWait: true });
  const heldRows = await tx
    .select({ variantId: orderLines.variantId, held: sql<number>`coalesce(sum(${orderLines.quantity}), 0)`.mapWith(Number) })
    .from(orders)
    .innerJoin(orderLines, eq(orderLines.orderId, orders.id))
    .where(and(eq(orders.status, "pending_payment"), inArray(orderLines.variantId, ids)))
    .groupBy(orderLines.variantId);
  const held = new Map(heldRows.map((r) => [r.variantId, r.held]));
  const rows = sorted.map(({ variantId, stockOnHand }) => {
    const onHand = Math.max(0, Math.trunc(stockOnHand));
    const h = held.get(variantId) ?? 0;
    return { variantId, available: Math.max(0, onHand - h), shortfall: Math.max(0, h - onHand) };
  });
  const values = sql.join(
    rows.map((r) => sql`(${r.variantId}, ${r.available}::int, ${r.shortfall}::int)`),
    sql`, `,
  );
  await tx.execute(
    sql`update ${inventory} set available = v.available, shortfall = v.shortfall, updated_at = now() from (values ${values}) as v(variant_id, available, shortfall) where ${inventory.variantId} = v.variant_id`,
  );
  // A first count is what the catalog shows already; only changed counts are published.
  const changed = rows.filter((r) => !created.has(r.variantId)).map(({ variantId, available }) => ({ variantId, available }));
  await publishStockLevels(tx, changed);
  return rows.map(({ variantId, available }) => ({ variantId, available }));
}
