import { z } from "zod";
import { signedFetch } from "../../platform/signed-fetch.ts";
import { EventConsumer, type OutboxEvent } from "../shared/outbox.ts";
import type { OrdersDb, OrdersSchema, OrdersTx } from "./db.ts";

/**
 * Pulling a sibling's outbox feed (`GET /internal/events`, signed as a service). While the
 * sibling is down, it is asked again only after a growing pause, so an outage costs one warning
 * per pause instead of two a second.
 */
const eventSchema = z.object({
  seq: z.number().int(),
  type: z.string(),
  subject: z.string(),
  payload: z.unknown(),
  createdAt: z.string(),
});
const feedSchema = z.object({ events: z.array(eventSchema) });

/** One page of a sibling's feed after `after`, oldest first. */
export async function fetchFeed(baseUrl: string, secret: string, after: number, limit = 500): Promise<OutboxEvent[]> {
  const res = await signedFetch(secret, baseUrl, `/internal/events?after=${after}&limit=${limit}`, { timeoutMs: 5_000 });
  if (!res.ok) throw new Error(`feed ${baseUrl} answered ${res.status}`);
  return feedSchema.parse(await res.json()).events;
}

/** Wraps a feed fetch so that after a failure it is not tried again until a growing pause (1 s up to `maxMs`) has passed. */
export function withBackoff(fetchEvents: (after: number) => Promise<OutboxEvent[]>, maxMs = 30_000): (after: number) => Promise<OutboxEvent[]> {
  let delay = 0;
  let retryAt = 0;
  return async (after) => {
    if (Date.now() < retryAt) return [];
    try {
      const events = await fetchEvents(after);
      delay = 0;
      return events;
    } catch (err) {
      delay = Math.min(maxMs, Math.max(1_000, delay * 2));
      retryAt = Date.now() + delay;
      throw err;
    }
  };
}

export interface FeedOptions {
  db: OrdersDb;
  baseUrl: string;
  secret: string;
  intervalMs?: number | undefined;
}

/** A consumer of `feed` at `baseUrl` that applies each event with `apply`. */
export function feedConsumer(feed: string, options: FeedOptions, apply: (tx: OrdersTx, event: OutboxEvent) => Promise<void>): EventConsumer<OrdersSchema> {
  return new EventConsumer({
    feed,
    db: options.db,
    fetchEvents: withBackoff((after) => fetchFeed(options.baseUrl, options.secret, after)),
    apply,
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
  });
}
