import { sql } from "drizzle-orm";
import { bigserial, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
// Type-only (erased): the stored JSON has exactly the domain shapes.
import type { ShippingAddress } from "../../domain/cart.ts";
import type { AppliedPromotion } from "../../domain/promotions/applied.ts";
import type { PromotionDefinition } from "../../domain/promotions/model.ts";

export { consumerCursors, outbox } from "../shared/outbox-schema.ts";
export * from "./notice-schema.ts";
export * from "./merchant-schema.ts";

/**
 * The orders service's own database. It owns the sellable count of every variant (`inventory`),
 * because checkout reserves units in the same transaction that creates the order; `offers` is a
 * replica of the catalog's prices, fed from its event feed, so checkout never calls the catalog.
 */
export const offers = pgTable("offers", {
  variantId: text("variant_id").primaryKey(),
  productId: text("product_id").notNull(),
  productSlug: text("product_slug").notNull(),
  title: text("title").notNull(),
  sku: text("sku").notNull(),
  imageUrl: text("image_url").notNull(),
  /** Minor units per currency code, e.g. {"USD": 2500, "EUR": 2300}. */
  prices: jsonb("prices").$type<Record<string, number>>().notNull(),
  active: boolean("active").notNull(),
  /** The product's category and its ancestors (slugs), for category-scoped promotions. */
  categorySlugs: jsonb("category_slugs").$type<string[]>().notNull().default([]),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const inventory = pgTable(
  "inventory",
  {
    variantId: text("variant_id").primaryKey(),
    available: integer("available").notNull(),
    /**
     * Units that orders awaiting payment hold beyond the merchant's last count: if those orders
     * are cancelled, these are not put back on sale, because the merchant does not have them.
     */
    shortfall: integer("shortfall").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // The last line of defence: whatever the code does, a count can never go below zero.
  (t) => [check("inventory_available_not_negative", sql`${t.available} >= 0`), check("inventory_shortfall_not_negative", sql`${t.shortfall} >= 0`)],
);

export const orders = pgTable(
  "orders",
  {
    id: text("id").primaryKey(),
    /** The durable half of checkout idempotency: one order per key, whatever Redis remembers. */
    idempotencyKey: text("idempotency_key").notNull().unique("orders_idempotency_key_unique"),
    /** SHA-256 of the checkout request (less the payment token), to spot a key reused for another request. */
    fingerprint: text("fingerprint").notNull(),
    cartId: text("cart_id").notNull(),
    sessionId: text("session_id").notNull(),
    customerId: text("customer_id"),
    email: text("email").notNull(),
    shippingAddress: jsonb("shipping_address").$type<ShippingAddress>().notNull(),
    currency: text("currency").notNull(),
    subtotal: integer("subtotal").notNull(),
    discountTotal: integer("discount_total").notNull(),
    shippingTotal: integer("shipping_total").notNull(),
    taxTotal: integer("tax_total").notNull(),
    total: integer("total").notNull(),
    promotions: jsonb("promotions").$type<AppliedPromotion[]>().notNull().default([]),
    status: text("status").notNull(),
    /**
     * The token the first attempt paid with. Every retry pays with this same one, so payments sees
     * the very same request and replays it rather than refusing a changed body for its key.
     */
    paymentToken: text("payment_token").notNull(),
    paymentId: text("payment_id"),
    /** The payment's last known status as the payments service reported it. */
    paymentStatus: text("payment_status"),
    paymentFailureReason: text("payment_failure_reason"),
    /** Card facts to show on the order ("visa ending 4242"); never more than these. */
    paymentBrand: text("payment_brand"),
    paymentLast4: text("payment_last4"),
    /** When a request last took the job of calling payments; lets one caller pay while duplicates wait. */
    paymentAttemptAt: timestamp("payment_attempt_at", { withTimezone: true }),
    /**
     * When a payment succeeded for this order after it had been cancelled or had failed: the
     * shopper was charged for an order that will not ship, so `order.payment_needs_refund` was
     * published for the refund. Set once; null for every other order.
     */
    refundDueAt: timestamp("refund_due_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      "orders_status_known",
      sql`${t.status} in ('pending_payment', 'paid', 'fulfilled', 'delivered', 'cancelled', 'payment_failed', 'refunded', 'partially_refunded')`,
    ),
    check("orders_total_reconciles", sql`${t.total} = ${t.subtotal} - ${t.discountTotal} + ${t.shippingTotal} + ${t.taxTotal}`),
    index("orders_customer_idx").on(t.customerId, t.createdAt),
    index("orders_session_idx").on(t.sessionId, t.createdAt),
    index("orders_pending_idx").on(t.status, t.createdAt),
    // The merchant's order list (merchant-orders.ts): newest first, by customer email, by total.
    index("orders_created_idx").on(t.createdAt, t.id),
    index("orders_email_idx").on(sql`lower(${t.email})`, t.createdAt),
    index("orders_total_idx").on(t.currency, t.total),
  ],
);

export const orderLines = pgTable(
  "order_lines",
  {
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    position: integer("position").notNull(),
    variantId: text("variant_id").notNull(),
    productSlug: text("product_slug").notNull(),
    title: text("title").notNull(),
    sku: text("sku").notNull(),
    imageUrl: text("image_url").notNull(),
    unitPrice: integer("unit_price").notNull(),
    quantity: integer("quantity").notNull(),
    lineTotal: integer("line_total").notNull(),
    discount: integer("discount").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.position] }), check("order_lines_quantity_positive", sql`${t.quantity} > 0`)],
);

export const orderStatusHistory = pgTable(
  "order_status_history",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    /** What moved it: "checkout", or an order event such as payment_succeeded. */
    event: text("event").notNull(),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("order_status_history_order_idx").on(t.orderId, t.id)],
);

/**
 * The catalog's flash sales, replicated from `flash_sale.upserted`: checkout's authority for the
 * sale price, the window and the per-customer maximum (regional-services/orders/flash-sale-checkout.ts).
 */
export const flashSales = pgTable("flash_sales", {
  id: text("id").primaryKey(),
  variantId: text("variant_id").notNull(),
  /** Sale price in minor units per currency code. */
  prices: jsonb("prices").$type<Record<string, number>>().notNull(),
  allocation: integer("allocation").notNull(),
  startsAt: timestamp("starts_at", { withTimezone: true, precision: 3 }).notNull(),
  endsAt: timestamp("ends_at", { withTimezone: true, precision: 3 }).notNull(),
  perCustomerMax: integer("per_customer_max").notNull(),
  shards: integer("shards").notNull(),
  status: text("status").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Every flash-sale reservation that reached orders, one row each (the primary key is the
 * reservation id, so one reservation makes at most one order). A row without an order is a
 * reservation closed unused (settled as released): a checkout that comes with it later is refused.
 */
export const flashSaleReservations = pgTable(
  "flash_sale_reservations",
  {
    reservationId: text("reservation_id").primaryKey(),
    saleId: text("sale_id"),
    orderId: text("order_id"),
    buyerKey: text("buyer_key"),
    quantity: integer("quantity"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("flash_sale_reservations_buyer_idx").on(t.saleId, t.buyerKey)],
);

/**
 * Promotions, as the catalog's feed publishes them (`promotion.upserted`): the whole definition,
 * replaced on every event. Checkout evaluates these; nothing here is edited by the orders service.
 */
export const promotions = pgTable(
  "promotions",
  {
    id: text("id").primaryKey(),
    definition: jsonb("definition").$type<PromotionDefinition>().notNull(),
    /** Copied out of the definition so checkout loads only what can apply now. */
    status: text("status").notNull(),
    activation: text("activation").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("promotions_live_idx").on(t.status, t.activation)],
);

/** Generated single-use codes (`promotion.codes_generated`); `order_id` is the order that used it, null while unused. */
export const promotionCodes = pgTable(
  "promotion_codes",
  {
    code: text("code").primaryKey(),
    promotionId: text("promotion_id").notNull(),
    singleUse: boolean("single_use").notNull().default(true),
    orderId: text("order_id"),
  },
  (t) => [index("promotion_codes_promotion_idx").on(t.promotionId)],
);

/**
 * Uses held or confirmed per promotion. Taken with a conditional UPDATE inside the checkout
 * transaction, so concurrent checkouts queue on the row and never count past the limit.
 */
export const promotionCounters = pgTable(
  "promotion_counters",
  {
    promotionId: text("promotion_id").primaryKey(),
    uses: integer("uses").notNull().default(0),
  },
  (t) => [check("promotion_counters_uses_not_negative", sql`${t.uses} >= 0`)],
);

/** Discount given per promotion and currency (held or confirmed), checked against the budget. */
export const promotionSpend = pgTable(
  "promotion_spend",
  {
    promotionId: text("promotion_id").notNull(),
    currency: text("currency").notNull(),
    spent: integer("spent").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.promotionId, t.currency] }), check("promotion_spend_not_negative", sql`${t.spent} >= 0`)],
);

/** Uses per promotion and customer: a customer id, or `email:<address>` for a guest. */
export const promotionCustomerUses = pgTable(
  "promotion_customer_uses",
  {
    promotionId: text("promotion_id").notNull(),
    customerKey: text("customer_key").notNull(),
    uses: integer("uses").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.promotionId, t.customerKey] }), check("promotion_customer_uses_not_negative", sql`${t.uses} >= 0`)],
);

/**
 * One row per promotion an order used: `held` while the order awaits payment, then `confirmed`
 * (paid) or `released` (ended unpaid; its use, spend and code were given back, exactly once).
 */
export const promotionRedemptions = pgTable(
  "promotion_redemptions",
  {
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    promotionId: text("promotion_id").notNull(),
    code: text("code"),
    /** Whether `code` is a generated single-use code (freed again on release). */
    singleUseCode: boolean("single_use_code").notNull().default(false),
    customerKey: text("customer_key").notNull(),
    currency: text("currency").notNull(),
    /** Discount on goods and shipping together, minor units: what counts against the budget. */
    amount: integer("amount").notNull(),
    status: text("status").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.promotionId] }),
    check("promotion_redemptions_status_known", sql`${t.status} in ('held', 'confirmed', 'released')`),
    index("promotion_redemptions_promotion_idx").on(t.promotionId, t.createdAt, t.orderId),
  ],
);

/**
 * A replica of the merchant's tags on customer accounts (the customers service owns them), fed by
 * `customer.tags_changed` on the customers feed: checkout judges tag-limited promotions with it.
 * A customer with no row has no tags.
 */
export const customerTags = pgTable("customer_tags", {
  customerId: text("customer_id").primaryKey(),
  tags: text("tags").array().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
