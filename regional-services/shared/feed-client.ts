import { z } from "zod";
import { signedFetch } from "../../platform/signed-fetch.ts";
import type { Database, Schema } from "./db.ts";
import { EventConsumer, type EventConsumerOptions, type OutboxEvent } from "./outbox.ts";

/**
 * Following a sibling's outbox feed over HTTP (`GET /internal/events`, signed as a service): how
 * one page is fetched, how retries are paced while the sibling is down, and the consumer that
 * ties the two to `EventConsumer`.
 */
const eventSchema = z.object({
  seq: z.number().int(),
  type: z.string(),
  subject: z.string(),
  payload: z.unknown(),
  createdAt: z.string(),
});
/** The one documented answer of every feed (docs/internal-api.md). */
const feedSchema = z.object({ events: z.array(eventSchema) });

/** One page of the feed at `baseUrl` after `after`, oldest first. Throws on any other answer. */
export async function fetchFeed(baseUrl: string, secret: string, after: number, limit = 500): Promise<OutboxEvent[]> {
  const res = await signedFetch(secret, baseUrl, `/internal/events?after=${after}&limit=${limit}`, { timeoutMs: 5_000 });
  if (!res.ok) throw new Error(`feed ${baseUrl} answered ${res.status}`);
  const body = feedSchema.safeParse(await res.json());
  if (!body.success) throw new Error(`feed ${baseUrl} answered something other than { events: [...] }: ${z.prettifyError(body.error)}`);
  return body.data.events;
}

export type FetchEvents = (after: number) => Promise<OutboxEvent[]>;

/**
 * Wraps a feed fetch so that, while the peer is down, it is asked again only after a growing
 * pause (1 s doubling up to `maxMs`) instead of on every poll: one warning per pause, not two a
 * second. Until the pause is over the wrapper answers "nothing new"; a success resets it.
 */
export function withBackoff(fetchEvents: FetchEvents, maxMs = 30_000, now: () => number = Date.now): FetchEvents {
  let delay = 0;
  let retryAt = 0;
  return async (after) => {
    if (now() < retryAt) return [];
    try {
      const events = await fetchEvents(after);
      delay = 0;
      return events;
    } catch (err) {
      delay = Math.min(maxMs, Math.max(1_000, delay * 2));
      retryAt = now() + delay;
      throw err;
    }
  };
}

/** Where a remote feed is and who reads it: what a service's own consumer factories take. */
export interface RemoteFeedTarget<S extends Schema> {
  db: Database<S>;
  baseUrl: string;
  secret: string;
  /** How often `start()` polls (EventConsumer's default when undefined). */
  intervalMs?: number | undefined;
}

/** A remote feed's target, and what its consumer does with the events (see EventConsumerOptions). */
export interface RemoteFeedOptions<S extends Schema> extends RemoteFeedTarget<S>, Pick<EventConsumerOptions<S>, "feed" | "apply" | "applyPage" | "handles"> {}

/** A consumer of the feed at `baseUrl`, retrying with growing pauses while it is down. */
export function remoteFeedConsumer<S extends Schema>(options: RemoteFeedOptions<S>): EventConsumer<S> {
  return new EventConsumer({
    feed: options.feed,
    db: options.db,
    fetchEvents: withBackoff((after) => fetchFeed(options.baseUrl, options.secret, after)),
    apply: options.apply,
    applyPage: options.applyPage,
    handles: options.handles,
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
  });
}
