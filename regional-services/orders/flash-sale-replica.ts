import { flashSaleUpsertedSchema } from "../../contracts/flash-sales/events.ts";
import { parsePayload, type OutboxEvent } from "../shared/outbox.ts";
import type { OrdersTx } from "./db.ts";
import { flashSales } from "./schema.ts";

/** `flash_sale.upserted` from the catalog's feed replaces this service's copy of the sale. */
export async function applyFlashSaleUpserted(tx: OrdersTx, event: OutboxEvent): Promise<void> {
  const sale = parsePayload(flashSaleUpsertedSchema, event);
  const row = {
    id: sale.id,
    variantId: sale.variantId,
    prices: sale.salePrices,
    allocation: sale.allocation,
    startsAt: new Date(sale.startsAt),
    endsAt: new Date(sale.endsAt),
    perCustomerMax: sale.perCustomerMax,
    shards: sale.shards,
    status: sale.status,
  };
  await tx.insert(flashSales).values(row).onConflictDoUpdate({ target: flashSales.id, set: { ...row, updatedAt: new Date() } });
}
