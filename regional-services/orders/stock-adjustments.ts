import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Actor } from "../../contracts/admin/actor.ts";
import type { StockAdjustment, StockAdjustmentRequest, VariantStock } from "../../contracts/orders/stock-routes.ts";
import { AppError } from "../../platform/errors.ts";
import type { OrdersDb, OrdersTx } from "./db.ts";
import { publishStockLevels } from "./inventory.ts";
import { inventory, offers, orderLines, orders, stockAdjustments } from "./schema.ts";

/**
 * The merchant's stock adjustments from the admin. This service owns the sellable count, so an
 * adjustment is applied here, on the variant's stock row under its lock (checkouts queue on the
 * same row), with its record and the `stock.changed` event in the same transaction; the catalog
 * follows the event as it follows sales. A `set` counts the units on hand, and units that orders
 * awaiting payment hold are taken off it, the rule of the catalog feed's `stockOnHand` (setStock).
 */

type Reader = OrdersDb | OrdersTx;

/** Far below the integer column's limit, so adjustments that add up never overflow it (a 500). */
const MAX_AVAILABLE = 100_000_000;

/** Units held by orders awaiting payment, per variant. */
async function heldBy(db: Reader, variantIds: readonly string[]): Promise<Map<string, number>> {
  if (variantIds.length === 0) return new Map();
  const rows = await db
    .select({ variantId: orderLines.variantId, held: sql<number>`coalesce(sum(${orderLines.quantity}), 0)`.mapWith(Number) })
    .from(orders)
    .innerJoin(orderLines, eq(orderLines.orderId, orders.id))
    .where(and(eq(orders.status, "pending_payment"), inArray(orderLines.variantId, [...variantIds])))
    .groupBy(orderLines.variantId);
  return new Map(rows.map((r) => [r.variantId, r.held]));
}

/** The numbers of each variant asked for, in that order (an unknown one as untracked zeros). */
export async function stockLevels(db: Reader, variantIds: readonly string[]): Promise<VariantStock[]> {
  const ids = [...new Set(variantIds)];
  if (ids.length === 0) return [];
  const [rows, held] = await Promise.all([db.select().from(inventory).where(inArray(inventory.variantId, ids)), heldBy(db, ids)]);
  const byId = new Map(rows.map((r) => [r.variantId, r]));
  return ids.map((variantId) => ({ variantId, available: byId.get(variantId)?.available ?? 0, held: held.get(variantId) ?? 0, tracked: byId.has(variantId) }));
}

function view(row: typeof stockAdjustments.$inferSelect): StockAdjustment {
  return { id: row.id, variantId: row.variantId, delta: row.delta, setTo: row.setTo, availableAfter: row.availableAfter, reason: row.reason, actor: row.actor, createdAt: row.createdAt.toISOString() };
}

async function requireOffer(db: Reader, variantId: string): Promise<void> {
  const [offer] = await db.select({ variantId: offers.variantId }).from(offers).where(eq(offers.variantId, variantId));
  if (!offer) throw new AppError("VARIANT_NOT_FOUND", `no variant "${variantId}"`);
}

/** A variant's numbers and its 20 latest adjustments, newest first. */
export async function variantStock(db: OrdersDb, variantId: string): Promise<{ stock: VariantStock; adjustments: StockAdjustment[] }> {
  await requireOffer(db, variantId);
  const [[stock], rows] = await Promise.all([
    stockLevels(db, [variantId]),
    db.select().from(stockAdjustments).where(eq(stockAdjustments.variantId, variantId)).orderBy(desc(stockAdjustments.createdAt), desc(stockAdjustments.id)).limit(20),
  ]);
  if (!stock) throw new AppError("VARIANT_NOT_FOUND", `no variant "${variantId}"`);
  return { stock, adjustments: rows.map(view) };
}

/** The retried adjustment's first answer, or a 422 when the key was used for another one. */
async function replayed(tx: OrdersTx, key: string | undefined, request: string): Promise<{ stock: VariantStock; adjustment: StockAdjustment } | undefined> {
  if (key === undefined) return undefined;
  const [row] = await tx.select().from(stockAdjustments).where(eq(stockAdjustments.idempotencyKey, key));
  if (!row) return undefined;
  if (row.request !== request) throw new AppError("IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different stock adjustment");
  const [stock] = await stockLevels(tx, [row.variantId]);
  if (!stock) throw new AppError("VARIANT_NOT_FOUND", `no variant "${row.variantId}"`);
  return { stock, adjustment: view(row) };
}

/** Applies one adjustment as `actor`, recorded and published with the change. */
export async function adjustStock(
  db: OrdersDb,
  variantId: string,
  change: StockAdjustmentRequest,
  actor: Actor,
  idempotencyKey: string | undefined,
): Promise<{ stock: VariantStock; adjustment: StockAdjustment }> {
  const request = JSON.stringify({ variantId, delta: change.delta ?? null, set: change.set ?? null, reason: change.reason });
  return db.transaction(async (tx) => {
    // Taken first, so two retries of one key queue here and the second finds the first's record.
    if (idempotencyKey !== undefined) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`stock-adjustment:${idempotencyKey}`}))`);
    const again = await replayed(tx, idempotencyKey, request);
    if (again) return again;
    await requireOffer(tx, variantId);
    await tx.insert(inventory).values({ variantId, available: 0 }).onConflictDoNothing();
    // Waits (no NOWAIT, unlike the feed): a checkout holding the row ends in milliseconds.
    const [row] = await tx.select().from(inventory).where(eq(inventory.variantId, variantId)).for("update");
    if (!row) throw new AppError("VARIANT_NOT_FOUND", `no variant "${variantId}"`);
    const held = (await heldBy(tx, [variantId])).get(variantId) ?? 0;
    let available: number;
    let shortfall = row.shortfall;
    if (change.set !== undefined) {
      available = Math.max(0, change.set - held);
      shortfall = Math.max(0, held - change.set);
    } else {
      available = row.available + (change.delta ?? 0);
      if (available < 0 || available > MAX_AVAILABLE) {
        const message = available < 0 ? `would take the available count below 0 (${row.available} available)` : `would take the available count above ${MAX_AVAILABLE}`;
        throw new AppError("VALIDATION_FAILED", `delta: ${message}`, { issues: [{ path: "delta", message }] });
      }
    }
    await tx.update(inventory).set({ available, shortfall, updatedAt: new Date() }).where(eq(inventory.variantId, variantId));
    const [saved] = await tx
      .insert(stockAdjustments)
      .values({
        id: `adj_${crypto.randomUUID().replaceAll("-", "")}`,
        variantId,
        delta: available - row.available,
        setTo: change.set ?? null,
        availableAfter: available,
        reason: change.reason,
        actor,
        idempotencyKey: idempotencyKey ?? null,
        request,
      })
      .returning();
    if (!saved) throw new Error("stock adjustment insert returned nothing");
    await publishStockLevels(tx, [{ variantId, available }]);
    return { stock: { variantId, available, held, tracked: true }, adjustment: view(saved) };
  });
}
