import { z } from "zod";
import { log } from "../../platform/log.ts";
import { remoteFeedConsumer, type RemoteFeedTarget } from "../shared/feed-client.ts";
import type { EventConsumer, OutboxEvent } from "../shared/outbox.ts";
import type { OrdersSchema, OrdersTx } from "./db.ts";
import { setStock } from "./inventory.ts";
import { offers } from "./schema.ts";

/**
 * The catalog's feed keeps this service's offers (what may be sold, at what price) and, when the
 * merchant sets a stock figure, the inventory count (less what unpaid orders hold, see setStock).
 * Checkout reads only these local copies.
 */
export const CATALOG_FEED = "catalog";

const variantUpsertedSchema = z.object({
  variantId: z.string().min(1),
  productId: z.string(),
  productSlug: z.string(),
  title: z.string(),
  sku: z.string(),
  imageUrl: z.string(),
  prices: z.record(z.string(), z.number().int().min(0)),
  active: z.boolean(),
  stockOnHand: z.number().int().optional(),
});

/** Applies `variant.upserted`; other catalog events are not the orders service's business. */
export async function applyCatalogEvent(tx: OrdersTx, event: OutboxEvent): Promise<void> {
  if (event.type !== "variant.upserted") return;
  const parsed = variantUpsertedSchema.safeParse(event.payload);
  if (!parsed.success) {
    // A malformed event must not stall the feed forever; it is logged for someone to look at.
    log("error", "catalog event ignored: invalid payload", { seq: event.seq, subject: event.subject });
    return;
  }
  const { stockOnHand, ...offer } = parsed.data;
  await tx
    .insert(offers)
    .values(offer)
    .onConflictDoUpdate({ target: offers.variantId, set: { ...offer, updatedAt: new Date() } });
  if (stockOnHand !== undefined) await setStock(tx, offer.variantId, stockOnHand);
}

/** The consumer service.ts runs; it keeps retrying, with growing pauses, while the catalog is down. */
export function createCatalogConsumer(options: RemoteFeedTarget<OrdersSchema>): EventConsumer<OrdersSchema> {
  return remoteFeedConsumer({ ...options, feed: CATALOG_FEED, apply: applyCatalogEvent });
}
