import { sql } from "drizzle-orm";
import { bigserial, boolean, check, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { WEBHOOK_DELIVERY_STATUSES } from "../../../contracts/admin/webhooks-api.ts";

/**
 * The merchant's webhook endpoints and every delivery made to them (contracts/admin/webhooks-api.ts).
 * Deliveries are rows first and HTTP requests second: a row is written in the transaction that
 * moves the orders feed's cursor (feed.ts), and the dispatcher (dispatcher.ts) sends due rows under
 * a lease, so a restart loses no event and two processes never send the same row at once.
 */
export const webhookEndpoints = pgTable("webhook_endpoints", {
  id: text("id").primaryKey(),
  url: text("url").notNull(),
  /** Event types subscribed to (WEBHOOK_EVENT_TYPES), sorted. */
  events: text("events").array().notNull(),
  description: text("description"),
  /**
   * The HMAC key deliveries are signed with, kept readable. Unlike an API token's secret, which
   * we only ever compare (so its hash is enough), this one must sign every request we send, and
   * a hash cannot sign. Whoever reads this table can forge deliveries to the merchant; it is the
   * same trust as the merchant's own copy, and rotation (rotate-secret) replaces a leaked one.
   */
  secret: text("secret").notNull(),
  enabled: boolean("enabled").notNull().default(true),
  /** Deleted endpoints stay, so their delivery log keeps its endpoint; nothing is sent to them. */
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    /** Order of creation: the log's newest-first pages. */
    seq: bigserial("seq", { mode: "number" }).notNull().unique("webhook_deliveries_seq_unique"),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id),
    /** The event's id (`evt_orders_<feed seq>`), the same on every retry and replay. */
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    /** The event's payload as published: the `data` of the body sent. */
    payload: jsonb("payload").notNull(),
    /** When the event happened: the `created` of the body sent. */
    eventCreatedAt: timestamp("event_created_at", { withTimezone: true }).notNull(),
    /**
     * What makes a delivery one: `feed:<endpoint>:<event>` for the feed's, `replay:<delivery>:<key>`
     * and `test:<endpoint>:<key>` for the admin's (key = the Idempotency-Key). A repeat is a no-op.
     */
    dedupeKey: text("dedupe_key").notNull().unique("webhook_deliveries_dedupe_key_unique"),
    replayOf: text("replay_of"),
    status: text("status", { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** When the dispatcher may send it next; null once it succeeded or failed for good. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    firstAttemptAt: timestamp("first_attempt_at", { withTimezone: true }),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    lastResponseCode: integer("last_response_code"),
    lastResponseBody: text("last_response_body"),
    lastError: text("last_error"),
    /** The dispatcher sending it now, and until when its claim holds (renewed while it works). */
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("webhook_deliveries_status_known", sql`${t.status} in (${sql.raw(WEBHOOK_DELIVERY_STATUSES.map((s) => `'${s}'`).join(", "))})`),
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.seq),
    index("webhook_deliveries_status_idx").on(t.status, t.seq),
  ],
);
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
