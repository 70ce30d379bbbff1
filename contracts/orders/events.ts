import { z } from "zod";
import { CURRENCIES } from "../../domain/money.ts";
import { ORDER_STATUSES, type OrderStatus } from "../../domain/order-state.ts";

/**
 * The events the orders service publishes on its feed (docs/internal-api.md, "Who owns what").
 * Orders builds each payload as the type below; a consumer parses it with the same schema.
 */
export const STOCK_CHANGED = "stock.changed";
export const ORDER_CREATED = "order.created";
/**
 * Published when a payment succeeded for an order that had already been cancelled or had failed:
 * the shopper was charged for an order that will not ship, and the money must go back.
 */
export const ORDER_PAYMENT_NEEDS_REFUND = "order.payment_needs_refund";

/** The event a status change publishes; statuses not listed publish nothing yet. */
export const ORDER_PAID = "order.paid";
export const ORDER_CANCELLED = "order.cancelled";
export const ORDER_PAYMENT_FAILED = "order.payment_failed";
export const ORDER_DELIVERED = "order.delivered";
export const STATUS_EVENTS: Partial<Record<OrderStatus, string>> = {
  paid: ORDER_PAID,
  cancelled: ORDER_CANCELLED,
  payment_failed: ORDER_PAYMENT_FAILED,
  delivered: ORDER_DELIVERED,
};

const currency = z.enum(CURRENCIES);
const minor = z.number().int();

/** Units still sellable of a variant; the catalog shows stock states from it. */
export const stockChangedSchema = z.object({ variantId: z.string().min(1), available: z.number().int() });
export type StockChanged = z.output<typeof stockChangedSchema>;

export const orderCreatedSchema = z.object({
  orderId: z.string().min(1),
  customerId: z.string().nullable(),
  currency,
  total: minor,
  lines: z.array(z.object({ variantId: z.string(), quantity: z.number().int(), unitPrice: minor })),
});
export type OrderCreated = z.output<typeof orderCreatedSchema>;

/** The payload of order.paid, order.cancelled, order.payment_failed and order.delivered. */
export const orderStatusChangedSchema = z.object({
  orderId: z.string().min(1),
  status: z.enum(ORDER_STATUSES),
  previousStatus: z.enum(ORDER_STATUSES),
  currency,
  total: minor,
  paymentId: z.string().nullable(),
});
export type OrderStatusChanged = z.output<typeof orderStatusChangedSchema>;

export const orderPaymentNeedsRefundSchema = z.object({
  orderId: z.string().min(1),
  paymentId: z.string().min(1),
  amount: minor,
  /** As payments reported it (not checked against this build's currencies: money must go back). */
  currency: z.string(),
});
export type OrderPaymentNeedsRefund = z.output<typeof orderPaymentNeedsRefundSchema>;

/** Lines (by position on the order) and units shipped in one fulfilment. */
export const ORDER_FULFILLED = "order.fulfilled";
export const orderFulfilledSchema = z.object({
  orderId: z.string().min(1),
  fulfilmentId: z.string().min(1),
  carrier: z.string(),
  trackingNumber: z.string(),
  lines: z.array(z.object({ position: z.number().int(), variantId: z.string(), quantity: z.number().int() })),
  /** Whether every unit of the order has now shipped (the order became `fulfilled`). */
  complete: z.boolean(),
});
export type OrderFulfilled = z.output<typeof orderFulfilledSchema>;

/** Money given back on an order (once per refund id); `status` is the order's after it. */
export const ORDER_REFUNDED = "order.refunded";
export const orderRefundedSchema = z.object({
  orderId: z.string().min(1),
  paymentId: z.string().min(1),
  refundId: z.string().min(1),
  amount: minor,
  currency,
  /** Everything refunded on the order so far, this refund included. */
  refundedTotal: minor,
  status: z.enum(ORDER_STATUSES),
  reason: z.string().optional(),
});
export type OrderRefunded = z.output<typeof orderRefundedSchema>;

/** A variant's sellable units fell to or below the low-stock threshold (once per crossing). */
export const STOCK_LOW = "stock.low";
export const stockLowSchema = z.object({ variantId: z.string().min(1), available: z.number().int(), threshold: z.number().int() });
export type StockLow = z.output<typeof stockLowSchema>;

/** A promotion can give no more: its total uses or its discount budget ran out (once per promotion). */
export const PROMOTION_BUDGET_EXHAUSTED = "promotion.budget_exhausted";
export const promotionBudgetExhaustedSchema = z.object({
  promotionId: z.string().min(1),
  /** Which limit ran out. */
  limit: z.enum(["uses", "budget"]),
  uses: z.number().int(),
  /** Discount given so far per currency, minor units. */
  spent: z.record(z.string(), minor),
});
export type PromotionBudgetExhausted = z.output<typeof promotionBudgetExhaustedSchema>;

/** Each orders event type with its payload schema. */
export const ORDERS_EVENTS = {
  [STOCK_CHANGED]: stockChangedSchema,
  [ORDER_CREATED]: orderCreatedSchema,
  [ORDER_PAID]: orderStatusChangedSchema,
  [ORDER_CANCELLED]: orderStatusChangedSchema,
  [ORDER_PAYMENT_FAILED]: orderStatusChangedSchema,
  [ORDER_PAYMENT_NEEDS_REFUND]: orderPaymentNeedsRefundSchema,
  [ORDER_FULFILLED]: orderFulfilledSchema,
  [ORDER_DELIVERED]: orderStatusChangedSchema,
  [ORDER_REFUNDED]: orderRefundedSchema,
  [STOCK_LOW]: stockLowSchema,
  [PROMOTION_BUDGET_EXHAUSTED]: promotionBudgetExhaustedSchema,
} as const;
