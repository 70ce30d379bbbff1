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
export const STATUS_EVENTS: Partial<Record<OrderStatus, string>> = {
  paid: ORDER_PAID,
  cancelled: ORDER_CANCELLED,
  payment_failed: ORDER_PAYMENT_FAILED,
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

/** The payload of order.paid, order.cancelled and order.payment_failed. */
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

/** Each orders event type with its payload schema. */
export const ORDERS_EVENTS = {
  [STOCK_CHANGED]: stockChangedSchema,
  [ORDER_CREATED]: orderCreatedSchema,
  [ORDER_PAID]: orderStatusChangedSchema,
  [ORDER_CANCELLED]: orderStatusChangedSchema,
  [ORDER_PAYMENT_FAILED]: orderStatusChangedSchema,
  [ORDER_PAYMENT_NEEDS_REFUND]: orderPaymentNeedsRefundSchema,
} as const;
