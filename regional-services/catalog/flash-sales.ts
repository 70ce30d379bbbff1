import { randomUUID } from "node:crypto";
import { and, desc, eq, gt, ne, asc } from "drizzle-orm";
import { toWire, type FlashSaleCreate, type FlashSalePatch, type FlashSaleWire } from "../../contracts/flash-sales/definition.ts";
import { FLASH_SALE_UPSERTED } from "../../contracts/flash-sales/events.ts";
import { salePhase, type FlashSale } from "../../domain/flash-sale.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { appendEvent } from "../shared/outbox.ts";
import type { CatalogDb, CatalogTx } from "./db.ts";
import { flashSales, variants, type FlashSaleRow } from "./schema.ts";

/**
 * Flash sales as merchant data: scheduled, changed before they start, cancelled. Every change
 * writes `flash_sale.upserted` in its transaction, which also moves the catalog version, so the
 * edge's versioned cache of GET /catalog/flash-sales sees it within a second.
 */
function fromRow(row: FlashSaleRow): FlashSale {
  return {
    id: row.id,
    variantId: row.variantId,
    prices: row.prices,
    allocation: row.allocation,
    startsAt: row.startsAt.getTime(),
    endsAt: row.endsAt.getTime(),
    perCustomerMax: row.perCustomerMax,
    shards: row.shards,
    status: row.status === "cancelled" ? "cancelled" : "scheduled",
  };
}

const fieldError = (path: string, message: string) => new AppError("VALIDATION_FAILED", `${path}: ${message}`, { issues: [{ path, message }] });

async function publish(tx: CatalogTx, row: FlashSaleRow): Promise<FlashSaleWire> {
  const wire = toWire(fromRow(row));
  await appendEvent(tx, FLASH_SALE_UPSERTED, row.id, wire);
  return wire;
}

export async function createFlashSale(db: CatalogDb, input: FlashSaleCreate): Promise<FlashSaleWire> {
  return db.transaction(async (tx) => {
    const [variant] = await tx.select({ id: variants.id }).from(variants).where(eq(variants.id, input.variantId));
    if (!variant) throw fieldError("variantId", `no variant ${input.variantId}`);
    const [row] = await tx
      .insert(flashSales)
      .values({
        id: `fs_${randomUUID().replaceAll("-", "")}`,
        variantId: input.variantId,
        prices: input.salePrices,
        allocation: input.allocation,
        startsAt: new Date(input.startsAt),
        endsAt: new Date(input.endsAt),
        perCustomerMax: input.perCustomerMax,
        shards: input.shards,
      })
      .returning();
    if (!row) throw new Error("flash sale insert returned no row");
    return publish(tx, row);
  });
}

export async function listFlashSales(db: CatalogDb): Promise<FlashSaleWire[]> {
  return (await db.select().from(flashSales).orderBy(desc(flashSales.startsAt), asc(flashSales.id))).map((r) => toWire(fromRow(r)));
}

export async function getFlashSale(db: CatalogDb, id: string): Promise<FlashSaleWire> {
  const [row] = await db.select().from(flashSales).where(eq(flashSales.id, id));
  if (!row) throw notFound(`no flash sale ${id}`);
  return toWire(fromRow(row));
}

/** Sales a shopper may see: not cancelled and not over, soonest first. */
export async function currentFlashSales(db: CatalogDb, now = new Date()): Promise<FlashSaleWire[]> {
  const rows = await db.select().from(flashSales).where(and(ne(flashSales.status, "cancelled"), gt(flashSales.endsAt, now))).orderBy(asc(flashSales.startsAt), asc(flashSales.id));
  return rows.map((r) => toWire(fromRow(r)));
}

/**
 * Changes a sale that has not started: once its StockObjects have taken their shares, the
 * allocation and shard count are what they hold, so a live sale can only be cancelled.
 */
export async function patchFlashSale(db: CatalogDb, id: string, patch: FlashSalePatch): Promise<FlashSaleWire> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(flashSales).where(eq(flashSales.id, id)).for("update");
    if (!current) throw notFound(`no flash sale ${id}`);
    if (salePhase(fromRow(current), Date.now()) !== "upcoming") throw new AppError("UNAVAILABLE", `flash sale ${id} has started, ended or was cancelled; it can only be cancelled`);
    const startsAt = patch.startsAt === undefined ? current.startsAt : new Date(patch.startsAt);
    const endsAt = patch.endsAt === undefined ? current.endsAt : new Date(patch.endsAt);
    if (endsAt <= startsAt) throw fieldError("endsAt", "endsAt must be after startsAt");
    const [row] = await tx
      .update(flashSales)
      .set({
        ...(patch.salePrices === undefined ? {} : { prices: patch.salePrices }),
        ...(patch.allocation === undefined ? {} : { allocation: patch.allocation }),
        ...(patch.perCustomerMax === undefined ? {} : { perCustomerMax: patch.perCustomerMax }),
        ...(patch.shards === undefined ? {} : { shards: patch.shards }),
        startsAt,
        endsAt,
        updatedAt: new Date(),
      })
      .where(eq(flashSales.id, id))
      .returning();
    if (!row) throw notFound(`no flash sale ${id}`);
    return publish(tx, row);
  });
}

export async function cancelFlashSale(db: CatalogDb, id: string): Promise<FlashSaleWire> {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(flashSales).set({ status: "cancelled", updatedAt: new Date() }).where(eq(flashSales.id, id)).returning();
    if (!row) throw notFound(`no flash sale ${id}`);
    return publish(tx, row);
  });
}
