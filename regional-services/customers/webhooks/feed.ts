import { and, arrayContains, eq, isNull, sql } from "drizzle-orm";
import { WEBHOOK_EVENT_TYPES } from "../../../contracts/admin/webhooks-api.ts";
import { ORDERS_EVENTS } from "../../../contracts/orders/events.ts";
import { remoteFeedConsumer, type RemoteFeedTarget } from "../../shared/feed-client.ts";
import { parsePayload, type EventConsumer, type OutboxEvent } from "../../shared/outbox.ts";
import type { CustomersSchema, CustomersTx } from "../db.ts";
import { queueDelivery } from "./deliveries.ts";
import { webhookEndpoints } from "./schema.ts";

/**
 * Webhooks are fed from the orders service's outbox: for each event of a type some enabled
 * endpoint subscribes to, a delivery per endpoint is queued in the transaction that moves this
 * service's cursor on that feed. A crash before the commit leaves both undone (the page is read
 * again); after it, both are done. So no event is lost or queued twice across restarts.
 */
export const ORDERS_WEBHOOK_FEED = "orders";

/** The event's public id: the same for every endpoint, retry and replay, so receivers can dedupe. */
export const feedEventId = (feed: string, seq: number) => `evt_${feed}_${seq}`;

const offered = new Set<string>(WEBHOOK_EVENT_TYPES);

export async function queueFeedEvent(tx: CustomersTx, event: OutboxEvent): Promise<void> {
  if (!offered.has(event.type)) return;
  // Checked against the producer's contract first: a broken payload is logged and skipped by the consumer.
  const data = parsePayload(ORDERS_EVENTS[event.type as keyof typeof ORDERS_EVENTS], event);
  const createdAt = new Date(event.createdAt);
  // An endpoint hears of what happens from its registration on, not of a backlog this service
  // reads late (after being down): a new endpoint is not flooded with the past. The event's time
  // comes through JSON in milliseconds; compared at that precision, an endpoint registered in the
  // same millisecond as the event still hears of it.
  const endpoints = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.enabled, true), isNull(webhookEndpoints.deletedAt), arrayContains(webhookEndpoints.events, [event.type]), sql`date_trunc('milliseconds', ${webhookEndpoints.createdAt}) <= ${createdAt}`));
  const eventId = feedEventId(ORDERS_WEBHOOK_FEED, event.seq);
  for (const endpoint of endpoints) {
    await queueDelivery(tx, { endpointId: endpoint.id, eventId, type: event.type, payload: data, eventCreatedAt: createdAt, dedupeKey: `feed:${endpoint.id}:${eventId}` });
  }
}

/** The consumer service.ts runs beside the dispatcher; it retries with growing pauses while orders is down. */
export function createOrdersWebhookConsumer(options: RemoteFeedTarget<CustomersSchema>): EventConsumer<CustomersSchema> {
  return remoteFeedConsumer({ ...options, feed: ORDERS_WEBHOOK_FEED, apply: queueFeedEvent });
}
