import { eq } from "drizzle-orm";
import { CUSTOMER_TAGS_CHANGED, customerTagsChangedSchema } from "../../contracts/customers/tags.ts";
import { remoteFeedConsumer, type RemoteFeedTarget } from "../shared/feed-client.ts";
import { parsePayload, type EventConsumer, type OutboxEvent } from "../shared/outbox.ts";
import type { OrdersSchema, OrdersTx } from "./db.ts";
import { customerTags } from "./schema.ts";

/**
 * The customers feed keeps this service's replica of customer tags, which checkout reads inside
 * its transaction to judge tag-limited promotions. Each event carries the whole set, and the feed
 * is applied in order, so the last event wins.
 */
export const CUSTOMERS_FEED = "customers";

/** Applies `customer.tags_changed`; other customers events are not the orders service's business. */
export async function applyCustomerEvent(tx: OrdersTx, event: OutboxEvent): Promise<void> {
  if (event.type !== CUSTOMER_TAGS_CHANGED) return;
  const { customerId, tags } = parsePayload(customerTagsChangedSchema, event);
  await tx
    .insert(customerTags)
    .values({ customerId, tags })
    .onConflictDoUpdate({ target: customerTags.customerId, set: { tags, updatedAt: new Date() } });
}

/** The customer's tags as the replica has them (none when it has no row). */
export async function replicaTags(tx: OrdersTx, customerId: string): Promise<string[]> {
  const [row] = await tx.select({ tags: customerTags.tags }).from(customerTags).where(eq(customerTags.customerId, customerId)).limit(1);
  return row?.tags ?? [];
}

/** The consumer service.ts runs; it keeps retrying, with growing pauses, while customers is down. */
export function createCustomersConsumer(options: RemoteFeedTarget<OrdersSchema>): EventConsumer<OrdersSchema> {
  return remoteFeedConsumer({ ...options, feed: CUSTOMERS_FEED, apply: applyCustomerEvent, handles: (e) => e.type === CUSTOMER_TAGS_CHANGED });
}
