import { and, asc, sql } from "drizzle-orm";
import type { Database, Schema, Transaction } from "./db.ts";
import { outbox } from "./outbox-schema.ts";

// The consuming side lives in feed-consumer.ts; re-exported so a feed's users import one module.
export { EventConsumer, lastPerKey, parsePage, parsePayload, RejectedEvent, type EventConsumerOptions, type PageResult, type Rejection } from "./feed-consumer.ts";

/** One event as it travels on a feed. */
export interface OutboxEvent<P = unknown> {
  seq: number;
  type: string;
  subject: string;
  payload: P;
  createdAt: string;
}

/**
 * Records an event; call it inside the transaction that makes the change it describes. Writers
 * take no lock: the row carries its transaction's id (`tx`), and readEvents hands out an event
 * only once every transaction that could still place one before it has ended.
 */
export async function appendEvent<S extends Schema>(tx: Transaction<S>, type: string, subject: string, payload: unknown): Promise<number> {
  const [seq] = await appendEvents(tx, [{ type, subject, payload }]);
  if (seq === undefined) throw new Error("outbox insert returned no row");
  return seq;
}

/** A new event, before the outbox gives it a sequence number. */
export interface NewEvent {
  type: string;
  subject: string;
  payload: unknown;
}

const APPEND_BATCH = 500;

/** Records many events in order (a seed publishes thousands at once). */
export async function appendEvents<S extends Schema>(tx: Transaction<S>, events: readonly NewEvent[]): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 0; i < events.length; i += APPEND_BATCH) {
    const rows = await tx.insert(outbox).values(events.slice(i, i + APPEND_BATCH)).returning({ seq: outbox.seq });
    seqs.push(...rows.map((r) => r.seq));
  }
  return seqs;
}

/**
 * Events after the event `after` in feed order, oldest first. Feed order is (tx, seq): a
 * transaction's events together, transactions by id. Only events of transactions older than the
 * oldest one still running (the snapshot's xmin) are handed out: any transaction that has not
 * ended yet, or has not even started writing, has an id at or above that horizon, so its events
 * can only ever come after these, never before — a consumer's cursor never jumps over an event
 * that commits late. (A plain `seq > after` would: sequence numbers are taken before commit.)
 * `after` names an event by its seq; one that does not exist counts as the nearest below it.
 * The horizon leaves out transactions known to run in other databases of the server (a sibling
 * service's seed or big feed page would otherwise hold every feed back until it ends).
 */
export async function readEvents<S extends Schema>(db: Database<S>, after: number, limit = 500): Promise<OutboxEvent[]> {
  const rows = await db
    .select()
    .from(outbox)
    .where(and(afterCursor(after), sql`${outbox.tx} < ${HORIZON}`))
    .orderBy(asc(outbox.tx), asc(outbox.seq))
    .limit(limit);
  return rows.map((r) => ({
    seq: r.seq,
    type: r.type,
    subject: r.subject,
    payload: r.payload,
    createdAt: r.createdAt.toISOString(),
  }));
}

/**
 * The oldest transaction still running that could write to this database's outbox: events of
 * older ones are final. It is the statement snapshot's xmin, except that running transactions
 * pg_stat_activity shows in *other* databases are skipped. Only those are skipped: one of ours
 * that ended after the snapshot was taken is no longer listed there, so it still counts (its
 * events are invisible to this snapshot and must not be jumped over), and a row we may not see
 * (NULL xid) skips nothing. Activity shows 32-bit xids; snapshots hold 64-bit ones, compared
 * by their low 32 bits (two running transactions never share them).
 */
const HORIZON = sql`coalesce(
  (select min(x::text::bigint) from pg_snapshot_xip(pg_current_snapshot()) as x
    where (x::text::bigint & 4294967295) not in (
      select a.backend_xid::text::bigint from pg_stat_activity a
      where a.backend_xid is not null and a.datname is distinct from current_database())),
  pg_snapshot_xmax(pg_current_snapshot())::text::bigint)`;

function afterCursor(after: number) {
  const afterTx = sql`coalesce((select o.tx from ${outbox} o where o.seq <= ${after} order by o.seq desc limit 1), 0)`;
  return sql`(${outbox.tx}, ${outbox.seq}) > (${afterTx}, ${after}::bigint)`;
}

/**
 * Whether any committed event comes after `after`. Asked once readEvents found none, so each such
 * event was held back when it looked (or committed since). Not "tx >= horizon" in a second
 * snapshot: a transaction of another database that ends between a snapshot and the activity
 * read holds readEvents back for that one statement, and a fresh horizon would then say nothing
 * waits, and the route would answer nothing while events are there.
 */
async function committedAfter<S extends Schema>(db: Database<S>, after: number): Promise<boolean> {
  const rows = await db.select({ seq: outbox.seq }).from(outbox).where(afterCursor(after)).limit(1);
  return rows.length > 0;
}

/**
 * readEvents for the feed route: when nothing can be handed out yet but committed events wait
 * behind an older transaction still running (usually for milliseconds), waits up to `waitMs` for
 * it, so one poll brings everything committed before it was sent, as a consumer expects.
 */
export async function readEventsSettled<S extends Schema>(db: Database<S>, after: number, limit = 500, waitMs = 2_000): Promise<OutboxEvent[]> {
  const deadline = Date.now() + waitMs;
  for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
    const events = await readEvents(db, after, limit);
    if (events.length > 0 || Date.now() >= deadline || !(await committedAfter(db, after))) return events;
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

export async function latestSeq<S extends Schema>(db: Database<S>): Promise<number> {
  const [row] = await db.select({ max: sql<string | null>`max(${outbox.seq})` }).from(outbox);
  return Number(row?.max ?? 0);
}
