import { and, arrayOverlaps, asc, eq, isNull, sql } from "drizzle-orm";
import { WEBHOOK_EVENT_TYPES } from "../../../contracts/admin/webhooks-api.ts";
import { ORDERS_EVENTS } from "../../../contracts/orders/events.ts";
import { remoteFeedConsumer, type RemoteFeedTarget } from "../../shared/feed-client.ts";
import { parsePage, type EventConsumer, type OutboxEvent, type PageResult, type Rejection } from "../../shared/outbox.ts";
import type { CustomersSchema, CustomersTx } from "../db.ts";
import { queueDeliveries, type NewDelivery } from "./deliveries.ts";
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

/** An event of a type webhooks offer, with its payload checked against the producer's contract. */
interface OfferedEvent {
  event: OutboxEvent;
  data: unknown;
  createdAt: Date;
}

/** Whether webhooks offer an event's type: the rest never queue a delivery. */
const isOffered = (event: OutboxEvent): boolean => offered.has(event.type);

/** The page's events that webhooks offer, in feed order, and those whose payload broke the contract. */
function offeredEvents(events: readonly OutboxEvent[]): { offers: OfferedEvent[]; rejected: Rejection[] } {
  const { parsed, rejected } = parsePage(events, (type) => (offered.has(type) ? ORDERS_EVENTS[type as keyof typeof ORDERS_EVENTS] : undefined));
  const offers = parsed.map(({ event, data }) => ({ event, data, createdAt: new Date(event.createdAt) }));
  return { offers, rejected };
}

/**
 * Queues a page's deliveries: the live endpoints subscribed to any type in the page are read once,
 * and every delivery of the page is queued in feed order (then endpoint registration order). A
 * payload that breaks the producer's contract is rejected: logged and skipped by the consumer.
 */
export async function queueFeedPage(tx: CustomersTx, events: readonly OutboxEvent[]): Promise<PageResult> {
  const { offers, rejected } = offeredEvents(events);
  if (offers.length === 0) return { rejected };
  const types = [...new Set(offers.map((o) => o.event.type))];
  const endpoints = await tx
    .select({
      id: webhookEndpoints.id,
      events: webhookEndpoints.events,
      // Event times come through JSON in milliseconds: compared at that precision, an endpoint
      // registered in the same millisecond as an event still hears of it.
      registeredAt: sql<Date>`date_trunc('milliseconds', ${webhookEndpoints.createdAt})`.mapWith(webhookEndpoints.createdAt),
    })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.enabled, true), isNull(webhookEndpoints.deletedAt), arrayOverlaps(webhookEndpoints.events, types)))
    .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
  const deliveries: NewDelivery[] = [];
  for (const { event, data, createdAt } of offers) {
    const eventId = feedEventId(ORDERS_WEBHOOK_FEED, event.seq);
    for (const endpoint of endpoints) {
      // An endpoint hears of what happens from its registration on, not of a backlog this
      // service reads late (after being down): a new endpoint is not flooded with the past.
      if (!endpoint.events.includes(event.type) || endpoint.registeredAt.getTime() > createdAt.getTime()) continue;
      deliveries.push({ endpointId: endpoint.id, eventId, type: event.type, payload: data, eventCreatedAt: createdAt, dedupeKey: `feed:${endpoint.id}:${eventId}` });
    }
  }
  await queueDeliveries(tx, deliveries);
  return { rejected };
}

/** The consumer service.ts runs beside the dispatcher; it retries with growing pauses while orders is down. */
export function createOrdersWebhookConsumer(options: RemoteFeedTarget<CustomersSchema>): EventConsumer<CustomersSchema> {
  return remoteFeedConsumer({ ...options, feed: ORDERS_WEBHOOK_FEED, applyPage: queueFeedPage, handles: isOffered });
}
