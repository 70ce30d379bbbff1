import { sql } from "drizzle-orm";
import { bigserial, bigint, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Every service that publishes events owns an `outbox` table in its own database; a change and its
 * event are written in the same transaction, so an event exists exactly when its change does.
 * Consumers pull the feed and keep their position (the `seq` of the last event they applied) in
 * `consumer_cursors`, advanced in the same transaction as the effects of those events.
 *
 * Feed order is (`tx`, `seq`): the writing transaction's id, then the sequence number. Writers
 * take no lock; the feed hands out only events of transactions older than every transaction still
 * running (outbox.ts, readEvents), so no event can later appear before one a consumer has seen.
 */
export const outbox = pgTable(
  "outbox",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    type: text("type").notNull(),
    /** What the event is about, e.g. an order or variant id; lets consumers group and dedupe. */
    subject: text("subject").notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * The writing transaction's id (xid8, as a number: exact below 2^53, i.e. for two million xid
     * wraparounds). Rows written before this column existed have 0: they were written under the
     * old advisory lock, so their `seq` order already was their commit order.
     */
    tx: bigint("tx", { mode: "number" })
      .notNull()
      .default(sql`(pg_current_xact_id()::text::bigint)`),
  },
  (t) => [index("outbox_type_seq_idx").on(t.type, t.seq), index("outbox_tx_seq_idx").on(t.tx, t.seq)],
);

export const consumerCursors = pgTable("consumer_cursors", {
  /** The feed consumed, e.g. "catalog" or "payments". */
  feed: text("feed").primaryKey(),
  position: bigint("position", { mode: "number" }).notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
