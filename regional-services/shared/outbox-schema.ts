import { bigserial, bigint, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Every service that publishes events owns an `outbox` table in its own database; a change and its
 * event are written in the same transaction, so an event exists exactly when its change does.
 * Consumers pull the feed by sequence number and keep their position in `consumer_cursors`,
 * advanced in the same transaction as the effects of the events they applied.
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
  },
  (t) => [index("outbox_type_seq_idx").on(t.type, t.seq)],
);

export const consumerCursors = pgTable("consumer_cursors", {
  /** The feed consumed, e.g. "catalog" or "payments". */
  feed: text("feed").primaryKey(),
  position: bigint("position", { mode: "number" }).notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
