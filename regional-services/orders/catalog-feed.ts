import { VARIANT_UPSERTED, variantUpsertedSchema } from "../../contracts/catalog/events.ts";
import { remoteFeedConsumer, type RemoteFeedTarget } from "../shared/feed-client.ts";
import { parsePayload, type EventConsumer, type OutboxEvent } from "../shared/outbox.ts";
import type { OrdersSchema, OrdersTx } from "./db.ts";
import { applyVariantPage } from "./catalog-feed-page.ts";
import { setStock } from "./inventory.ts";
import { applyPromotionEvent } from "./promotion-replica.ts";
import { offers } from "./schema.ts";
import { FLASH_SALE_UPSERTED } from "../../contracts/flash-sales/events.ts";
import { PROMOTION_CODES_GENERATED, PROMOTION_UPSERTED } from "../../contracts/promotions/events.ts";
import { applyFlashSaleUpserted } from "./flash-sale-replica.ts";

/**
 * The catalog's feed keeps this service's offers (what may be sold, at what price), its replica of
 * the promotions (promotion-replica.ts) and, when the merchant sets a stock figure, the inventory
 * count (less what unpaid orders hold, see setStock).
 * Checkout reads only these local copies.
 */
export const CATALOG_FEED = "catalog";

/** The catalog events applyCatalogEvent writes for: a page of others (stock states, categories) only moves the cursor. */
const APPLIED = new Set([VARIANT_UPSERTED, FLASH_SALE_UPSERTED, PROMOTION_UPSERTED, PROMOTION_CODES_GENERATED]);

/** Applies `variant.upserted` and the promotion events; other catalog events are not the orders service's business. */
export async function applyCatalogEvent(tx: OrdersTx, event: OutboxEvent): Promise<void> {
  // APPLIED is the one list of what this consumer handles (a page of anything else only moves the
  // cursor): a type handled below but missing from it is never applied, which any spec of it shows.
  if (!APPLIED.has(event.type)) return;
  if (event.type === FLASH_SALE_UPSERTED) return applyFlashSaleUpserted(tx, event);
  if (await applyPromotionEvent(tx, event)) return;
  if (event.type !== VARIANT_UPSERTED) return;
  // A payload that breaks the contract is rejected: logged and counted by the consumer.
  const { stockOnHand, categorySlugs = [], ...rest } = parsePayload(variantUpsertedSchema, event);
  const offer = { ...rest, categorySlugs };
  await tx
    .insert(offers)
    .values(offer)
    .onConflictDoUpdate({ target: offers.variantId, set: { ...offer, updatedAt: new Date() } });
  if (stockOnHand !== undefined) await setStock(tx, offer.variantId, stockOnHand);
}

/** The consumer service.ts runs; it keeps retrying, with growing pauses, while the catalog is down. */
export function createCatalogConsumer(options: RemoteFeedTarget<OrdersSchema>): EventConsumer<OrdersSchema> {
  return remoteFeedConsumer({ ...options, feed: CATALOG_FEED, apply: applyCatalogEvent, applyPage: applyVariantPage, handles: (e) => APPLIED.has(e.type) });
}
