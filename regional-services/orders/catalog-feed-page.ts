import { getTableColumns, sql } from "drizzle-orm";
import { VARIANT_UPSERTED, variantUpsertedSchema, type VariantUpserted } from "../../contracts/catalog/events.ts";
import { lastPerKey, parsePage, type OutboxEvent, type PageResult } from "../shared/outbox.ts";
import type { OrdersTx } from "./db.ts";
import { setStockMany } from "./inventory.ts";
import { offers } from "./schema.ts";

/**
 * The catalog feed's `variant.upserted` events of one page, applied in bulk: one upsert of the
 * offers and setStockMany for the counts. Per event this was four round trips, and a fresh
 * catalog publishes ~8,000 of them, so a first start waited a minute for orders to catch up.
 * Within a page the last event for a variant wins, as applying them one by one would.
 */
export async function applyVariantPage(tx: OrdersTx, events: readonly OutboxEvent[]): Promise<PageResult> {
  const { parsed, rest, rejected } = parsePage(events, (type) => (type === VARIANT_UPSERTED ? variantUpsertedSchema : undefined));
  const latest: VariantUpserted[] = [...lastPerKey(parsed, ({ data }) => data.variantId).values()].map(({ data }) => data);
  if (latest.length === 0) return { rest, rejected };
  const rows = latest.map(({ stockOnHand: _count, ...offer }) => offer);
  const updated = Object.fromEntries(
    Object.entries(getTableColumns(offers))
      .filter(([key]) => key !== "variantId" && key !== "updatedAt")
      .map(([key, column]) => [key, sql.raw(`excluded."${column.name}"`)]),
  );
  await tx
    .insert(offers)
    .values(rows)
    .onConflictDoUpdate({ target: offers.variantId, set: { ...updated, updatedAt: new Date() } });
  const counts = latest.flatMap((v) => (v.stockOnHand === undefined ? [] : [{ variantId: v.variantId, stockOnHand: v.stockOnHand }]));
  await setStockMany(tx, counts);
  return { rest, rejected };
}
