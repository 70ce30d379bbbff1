import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export { consumerCursors, outbox } from "../shared/outbox-schema.ts";

/**
 * The payments service's own database. No table has a column for a card number or cvc: the
 * only card facts kept anywhere are brand, last4 and expiry.
 */
export const payments = pgTable(
  "payments",
  {
    id: text("id").primaryKey(),
    /** One payment per order: a second attempt for the same order is refused, never charged. */
    orderId: text("order_id").notNull().unique("payments_order_id_unique"),
    idempotencyKey: text("idempotency_key").notNull().unique("payments_idempotency_key_unique"),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    status: text("status").notNull().default("processing"),
    provider: text("provider").notNull(),
    /** The provider's id for the charge; null until it has answered once. */
    providerRef: text("provider_ref"),
    token: text("token").notNull(),
    brand: text("brand").notNull(),
    last4: text("last4").notNull(),
    failureReason: text("failure_reason"),
    capturedAt: timestamp("captured_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("payments_status_known", sql`${t.status} in ('processing', 'succeeded', 'failed', 'requires_action', 'cancelled')`),
    check("payments_amount_positive", sql`${t.amount} > 0`),
    index("payments_provider_ref_idx").on(t.provider, t.providerRef),
  ],
);

/** The money actually taken. The primary key on payment_id makes a second capture impossible. */
export const captures = pgTable("captures", {
  paymentId: text("payment_id")
    .primaryKey()
    .references(() => payments.id),
  amount: bigint("amount", { mode: "number" }).notNull(),
  currency: text("currency").notNull(),
  providerRef: text("provider_ref"),
  capturedAt: timestamp("captured_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Money given back on a captured payment. The Idempotency-Key is unique, so a double click makes
 * one refund; `fingerprint` spots the key reused for another amount. Pending and succeeded
 * refunds together never exceed the capture: checked under the payment's row lock.
 */
export const refunds = pgTable(
  "refunds",
  {
    id: text("id").primaryKey(),
    paymentId: text("payment_id")
      .notNull()
      .references(() => payments.id),
    idempotencyKey: text("idempotency_key").notNull().unique("refunds_idempotency_key_unique"),
    /** SHA-256 of the request (payment, amount, reason). */
    fingerprint: text("fingerprint").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    status: text("status").notNull().default("pending"),
    reason: text("reason"),
    /** The provider's id for the refund; null until it has answered once. */
    providerRef: text("provider_ref"),
    failureReason: text("failure_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("refunds_status_known", sql`${t.status} in ('pending', 'succeeded', 'failed')`),
    check("refunds_amount_positive", sql`${t.amount} > 0`),
    index("refunds_payment_idx").on(t.paymentId, t.createdAt),
    index("refunds_pending_idx").on(t.status, t.updatedAt),
  ],
);

/** Every provider webhook event applied, so a redelivered event is recognised and ignored. */
export const webhookReceipts = pgTable("webhook_receipts", {
  eventId: text("event_id").primaryKey(),
  provider: text("provider").notNull(),
  type: text("type").notNull(),
  paymentId: text("payment_id"),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});

// The built-in sandbox provider's own state. It stands in for an external card processor, so it
// shares nothing with the tables above but the database.

export const sandboxTokens = pgTable("sandbox_tokens", {
  token: text("token").primaryKey(),
  brand: text("brand").notNull(),
  last4: text("last4").notNull(),
  expMonth: integer("exp_month").notNull(),
  expYear: integer("exp_year").notNull(),
  /** What a charge on this card does: succeed, decline or require_action. */
  behaviour: text("behaviour").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const sandboxCharges = pgTable("sandbox_charges", {
  id: text("id").primaryKey(),
  /** The merchant's idempotency key (the payment id): the same key never makes a second charge. */
  idempotencyKey: text("idempotency_key").notNull().unique("sandbox_charges_idempotency_key_unique"),
  /** The merchant's reference, echoed in every webhook. */
  reference: text("reference").notNull(),
  token: text("token")
    .notNull()
    .references(() => sandboxTokens.token),
  amount: bigint("amount", { mode: "number" }).notNull(),
  currency: text("currency").notNull(),
  status: text("status").notNull(),
  failureReason: text("failure_reason"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The sandbox's refunds, one per merchant reference (our refund id). The outcome is decided when
 * the refund is made; until `settles_at` the sandbox reports it pending, as a real processor does.
 */
export const sandboxRefunds = pgTable("sandbox_refunds", {
  id: text("id").primaryKey(),
  idempotencyKey: text("idempotency_key").notNull().unique("sandbox_refunds_idempotency_key_unique"),
  chargeId: text("charge_id")
    .notNull()
    .references(() => sandboxCharges.id),
  amount: bigint("amount", { mode: "number" }).notNull(),
  currency: text("currency").notNull(),
  outcome: text("outcome").notNull(),
  failureReason: text("failure_reason"),
  settlesAt: timestamp("settles_at", { withTimezone: true }).notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Webhook events waiting to be (re)delivered; the sandbox's own outbox. */
export const sandboxWebhookEvents = pgTable(
  "sandbox_webhook_events",
  {
    id: text("id").primaryKey(),
    chargeId: text("charge_id")
      .notNull()
      .references(() => sandboxCharges.id),
    type: text("type").notNull(),
    payload: jsonb("payload").notNull(),
    /** pending → delivered, or failed once the attempts run out. */
    state: text("state").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sandbox_webhook_events_due_idx").on(t.state, t.nextAttemptAt)],
);

export type PaymentRow = typeof payments.$inferSelect;
export type SandboxChargeRow = typeof sandboxCharges.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;
export type SandboxRefundRow = typeof sandboxRefunds.$inferSelect;
