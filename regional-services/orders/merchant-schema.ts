import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
// Type-only (erased): the stored JSON has exactly the shapes named.
import type { Actor } from "../../contracts/admin/actor.ts";
import { orders } from "./schema.ts";

/**
 * The tables of what the merchant does to orders and stock from the admin: shipments, refunds and
 * stock adjustments. Re-exported by schema.ts, so the service and drizzle-kit see one schema.
 */

/**
 * Shipments of an order's units (fulfilments.ts). An order is `fulfilled` once its fulfilments
 * cover every unit of every line; `idempotency_key` makes a double submit ship once.
 */
export const fulfilments = pgTable(
  "fulfilments",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    carrier: text("carrier").notNull(),
    trackingNumber: text("tracking_number").notNull(),
    /** The merchant's Idempotency-Key, if one was sent; with `fingerprint`, to spot a key reused for another shipment. */
    idempotencyKey: text("idempotency_key"),
    fingerprint: text("fingerprint"),
    /** Who recorded it (staff email or token name), for the order page. */
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** When the order was marked delivered (every shipment of it at once). */
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [index("fulfilments_order_idx").on(t.orderId, t.createdAt), uniqueIndex("fulfilments_order_key_unique").on(t.orderId, t.idempotencyKey)],
);

export const fulfilmentLines = pgTable(
  "fulfilment_lines",
  {
    fulfilmentId: text("fulfilment_id")
      .notNull()
      .references(() => fulfilments.id),
    orderId: text("order_id").notNull(),
    /** The order line's position. */
    position: integer("position").notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.fulfilmentId, t.position] }),
    index("fulfilment_lines_order_idx").on(t.orderId, t.position),
    check("fulfilment_lines_quantity_positive", sql`${t.quantity} > 0`),
  ],
);

/**
 * Money given back on an order, one row per refund at payments (the primary key is payments'
 * refund id). `applied_at` is set when the refund's success moved the order and published
 * `order.refunded`: whichever report arrives first (payments' answer or `payment.refunded` on its
 * feed) does it, once. `idempotency_key` is the key sent to payments, derived from the merchant's.
 */
export const orderRefunds = pgTable(
  "order_refunds",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    paymentId: text("payment_id").notNull(),
    /** Null only for a refund first heard of on the payments feed (its request's answer was lost). */
    idempotencyKey: text("idempotency_key").unique("order_refunds_idempotency_key_unique"),
    /** SHA-256 of the merchant's request, to spot their key reused for another refund. */
    fingerprint: text("fingerprint"),
    /** merchant (by amount or lines), cancel (a paid order cancelled) or owed (paid after the order ended unpaid). */
    kind: text("kind").notNull().default("merchant"),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    status: text("status").notNull().default("pending"),
    reason: text("reason"),
    /** By-lines refunds: the units per line position and what each came to. */
    lines: jsonb("lines").$type<{ position: number; quantity: number; amount: number }[]>(),
    /** The order's units go back on sale when this refund applies (a paid order cancelled before shipping). */
    restock: boolean("restock").notNull().default(false),
    /** Who asked: "staff ada@example.com", "token ci", or "system". */
    actor: text("actor"),
    appliedAt: timestamp("applied_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("order_refunds_status_known", sql`${t.status} in ('pending', 'succeeded', 'failed')`),
    check("order_refunds_kind_known", sql`${t.kind} in ('merchant', 'cancel', 'owed')`),
    index("order_refunds_order_idx").on(t.orderId, t.createdAt),
  ],
);
/**
 * Every stock adjustment the merchant made from the admin, with who, when and why
 * (regional-services/orders/stock-adjustments.ts). `idempotency_key` makes a retried adjustment
 * answer the first one instead of applying twice.
 */
export const stockAdjustments = pgTable(
  "stock_adjustments",
  {
    id: text("id").primaryKey(),
    variantId: text("variant_id").notNull(),
    delta: integer("delta").notNull(),
    setTo: integer("set_to"),
    availableAfter: integer("available_after").notNull(),
    reason: text("reason").notNull(),
    /** The staff member or API token, as the edge verified it (contracts/admin/actor.ts). */
    actor: jsonb("actor").$type<Actor>().notNull(),
    idempotencyKey: text("idempotency_key").unique(),
    /** The request as sent, so a key reused for a different adjustment is refused. */
    request: text("request").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("stock_adjustments_variant_idx").on(t.variantId, t.createdAt)],
);
