import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { log } from "../../platform/log.ts";
import type { Database, Schema, Transaction } from "./db.ts";
import type { OutboxEvent } from "./outbox.ts";
import { consumerCursors } from "./outbox-schema.ts";

/**
 * The consuming side of a feed: an `EventConsumer` applies a peer's events with its cursor, in
 * one transaction per page; the parsing helpers let `apply` and `applyPage` reject an event whose
 * payload breaks its producer's contract without stalling the feed.
 */

/**
 * Thrown by a consumer's `apply` when an event's payload does not match the producer's schema in
 * contracts/. The consumer logs and counts it and moves on: one bad event must not stall the feed,
 * and it must not vanish unnoticed either.
 */
export class RejectedEvent extends Error {
  readonly issues: string;
  constructor(event: OutboxEvent, issues: string) {
    super(`event ${event.seq} (${event.type}) does not match its contract: ${issues}`);
    this.name = "RejectedEvent";
    this.issues = issues;
  }
}

/**
 * An event's payload parsed with its producer's schema, or a RejectedEvent. Call it before the
 * first write of `apply`, so a rejection leaves the transaction untouched.
 */
export function parsePayload<T extends z.ZodType>(schema: T, event: OutboxEvent): z.output<T> {
  const parsed = schema.safeParse(event.payload);
  if (!parsed.success) throw new RejectedEvent(event, z.prettifyError(parsed.error));
  return parsed.data;
}

export interface EventConsumerOptions<S extends Schema> {
  /** Name of the feed, the key of this consumer's cursor. */
  feed: string;
  db: Database<S>;
  /** Fetches events after a position from the publishing service. */
  fetchEvents: (after: number) => Promise<OutboxEvent[]>;
  /**
   * Applies one event inside the transaction that also advances the cursor. Must be idempotent.
   * Needed unless `applyPage` settles every event.
   */
  apply?: ((tx: Transaction<S>, event: OutboxEvent) => Promise<void>) | undefined;
  /**
   * Applies the events of a page it can handle in bulk, in the same transaction, before `apply`
   * sees the rest (in feed order). Only for events whose relative order to the rest does not matter.
   */
  applyPage?: ((tx: Transaction<S>, events: readonly OutboxEvent[]) => Promise<PageResult>) | undefined;
  /**
   * Whether applying `event` could write anything here (every event when not given). A page with
   * no such event only moves the cursor, in one statement instead of a transaction: so it must be
   * true of every event `apply` or `applyPage` acts on, or rejects.
   */
  handles?: ((event: OutboxEvent) => boolean) | undefined;
  intervalMs?: number;
}

/** An event whose payload broke its producer's contract, and how. */
export interface Rejection {
  event: OutboxEvent;
  issues: string;
}

/** What a bulk `applyPage` left to `apply` (none when not given), and the events it rejected (logged and counted like apply's). */
export interface PageResult {
  rest?: readonly OutboxEvent[];
  rejected: readonly Rejection[];
}

/**
 * A page's events parsed with their producers' schemas, for an `applyPage`: those `schemaFor`
 * has a schema for (`parsed`, in feed order), those it has none for (`rest`), and those whose
 * payload broke their schema (`rejected`).
 */
export function parsePage<T extends z.ZodType>(
  events: readonly OutboxEvent[],
  schemaFor: (type: string) => T | undefined,
): { parsed: { event: OutboxEvent; data: z.output<T> }[]; rest: OutboxEvent[]; rejected: Rejection[] } {
  const parsed: { event: OutboxEvent; data: z.output<T> }[] = [];
  const rest: OutboxEvent[] = [];
  const rejected: Rejection[] = [];
  for (const event of events) {
    const schema = schemaFor(event.type);
    if (!schema) {
      rest.push(event);
      continue;
    }
    const result = schema.safeParse(event.payload);
    if (result.success) parsed.push({ event, data: result.data });
    else rejected.push({ event, issues: z.prettifyError(result.error) });
  }
  return { parsed, rest, rejected };
}

/**
 * The last of `items` for each key, iterated in the order of each key's last item: what applying
 * a page's events one by one would leave, for consumers that apply a page in bulk.
 */
export function lastPerKey<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T> {
  const last = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    // Re-inserted, so iteration follows the position of each key's last item.
    last.delete(key);
    last.set(key, item);
  }
  return last;
}

/**
 * Moves `feed`'s cursor from `from` to `to`, only if it is still at `from`: false when another
 * consumer of the feed moved it meanwhile (its commit waited for, under the row lock), and then
 * nothing is moved. Cursor positions are never repeated (each is an event's seq, and the feed
 * never hands an event out twice), so "still at `from`" means "nobody else applied these events".
 * No row reads as position 0, so only a move from 0 may create one: a deleted cursor is not
 * brought back at a consumer's old position.
 */
async function moveCursor<S extends Schema>(db: Database<S> | Transaction<S>, feed: string, from: number, to: number): Promise<boolean> {
  const set = { position: to, updatedAt: new Date() };
  const moved = { feed: consumerCursors.feed };
  const rows =
    from === 0
      ? await db
          .insert(consumerCursors)
          .values({ feed, position: to })
          .onConflictDoUpdate({ target: consumerCursors.feed, set, setWhere: eq(consumerCursors.position, 0) })
          .returning(moved)
      : await db
          .update(consumerCursors)
          .set(set)
          .where(and(eq(consumerCursors.feed, feed), eq(consumerCursors.position, from)))
          .returning(moved);
  return rows.length > 0;
}

/**
 * Pulls a peer's outbox feed and applies it. Effects and the new cursor commit together, so a
 * crash between the two never applies an event twice or skips one; and the cursor moves only
 * from where this consumer read it, so two consumers of one feed (two processes, or the orders
 * sweep beside the payments consumer) never both apply a page.
 *
 * Round trips: the consumer keeps the cursor it last committed, so a poll reads it from the
 * database only the first time and after a failure or a lost race; a page is begin, cursor
 * move, effects, commit; a page nothing in which this consumer `handles` is one cursor move.
 * So a cursor reset by hand is noticed at the next page (or start), not by an empty poll.
 */
export class EventConsumer<S extends Schema> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;
  private rejectedCount = 0;
  /** The cursor as this consumer last read or moved it; undefined when it must be read again. */
  private known: number | undefined;
  private readonly options: EventConsumerOptions<S>;

  constructor(options: EventConsumerOptions<S>) {
    if (!options.apply && !options.applyPage) throw new Error(`feed ${options.feed}: a consumer needs apply or applyPage`);
    this.options = options;
  }

  /** The feed's name, the key of this consumer's cursor. */
  get feed(): string {
    return this.options.feed;
  }

  /** Events skipped since start because their payload broke the contract (each one is logged). */
  get rejected(): number {
    return this.rejectedCount;
  }

  /** The cursor as the database has it now. */
  async position(): Promise<number> {
    const [row] = await this.options.db.select().from(consumerCursors).where(eq(consumerCursors.feed, this.options.feed));
    return row?.position ?? 0;
  }

  /** Applies everything available now; returns how many events were applied. Calls never overlap. */
  pollOnce(): Promise<number> {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async drain(): Promise<number> {
    let applied = 0;
    for (;;) {
      const after = (this.known ??= await this.position());
      const events = await this.options.fetchEvents(after);
      const last = events.at(-1);
      if (!last) return applied;
      const rejected = await this.commitPage(after, last.seq, events);
      if (!rejected) {
        // Another consumer moved the cursor: read where it is now, and go on from there.
        this.known = undefined;
        continue;
      }
      this.known = last.seq;
      this.report(rejected);
      applied += events.length;
    }
  }

  /** Applies a page and moves the cursor past it; the events rejected, or undefined when the cursor was not at `from`. */
  private async commitPage(from: number, to: number, events: readonly OutboxEvent[]): Promise<Rejection[] | undefined> {
    const { db, feed, handles } = this.options;
    try {
      if (handles && !events.some(handles)) return (await moveCursor(db, feed, from, to)) ? [] : undefined;
      return await db.transaction(async (tx) => {
        // Moved first: a second consumer of the feed waits here for the first to commit, and then
        // finds the cursor gone from `from` before it has written anything.
        if (!(await moveCursor(tx, feed, from, to))) return undefined;
        return this.applyEvents(tx, events);
      });
    } catch (err) {
      // A failed commit may or may not have happened: the database knows where the cursor is.
      this.known = undefined;
      throw err;
    }
  }

  /** Runs `applyPage`, then `apply` on what it left; returns the events either rejected. */
  private async applyEvents(tx: Transaction<S>, events: readonly OutboxEvent[]): Promise<Rejection[]> {
    const { apply, applyPage, feed } = this.options;
    const rejected: Rejection[] = [];
    let rest: readonly OutboxEvent[] = events;
    if (applyPage) {
      const page = await applyPage(tx, events);
      rest = page.rest ?? [];
      rejected.push(...page.rejected);
    }
    if (rest.length > 0 && !apply) throw new Error(`feed ${feed}: applyPage left ${rest.length} events and there is no apply`);
    for (const event of rest) {
      try {
        await apply?.(tx, event);
      } catch (err) {
        if (!(err instanceof RejectedEvent)) throw err;
        rejected.push({ event, issues: err.issues });
      }
    }
    return rejected;
  }

  /** Logs and counts rejected events once the cursor has moved past them, so a rolled-back page is not counted twice. */
  private report(rejected: readonly Rejection[]): void {
    for (const { event, issues } of rejected) {
      this.rejectedCount++;
      log("error", "feed event rejected: its payload does not match the producer's contract", {
        feed: this.options.feed,
        seq: event.seq,
        type: event.type,
        subject: event.subject,
        issues,
      });
    }
  }

  start(): void {
    const tick = async () => {
      if (this.stopped) return;
      try {
        await this.pollOnce();
      } catch (err) {
        log("warn", "event feed poll failed", { feed: this.options.feed, error: String(err) });
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs ?? 500);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}
