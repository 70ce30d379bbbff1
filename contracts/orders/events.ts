import type { Currency } from "../../domain/money.ts";
import type { OrderStatus } from "../../domain/order-state.ts";

/** The events the orders service publishes on its feed (docs/internal-api.md, "Who owns what"). */
export const STOCK_CHANGED = "stock.changed";
export const ORDER_CREATED = "order.created";

/** The event a status change publishes; statuses not listed publish nothing yet. */
export const STATUS_EVENTS: Partial<Record<OrderStatus, string>> = {
  paid: "order.paid",
  cancelled: "order.cancelled",
  payment_failed: "order.payment_failed",
};

export interface StockChanged {
  variantId: string;
  available: number;
}

export interface OrderCreated {
  orderId: string;
  customerId: string | null;
  currency: Currency;
  total: number;
  lines: { variantId: string; quantity: number; unitPrice: number }[];
}

export interface OrderStatusChanged {
  orderId: string;
  status: OrderStatus;
  previousStatus: OrderStatus;
  currency: Currency;
  total: number;
  paymentId: string | null;
}
