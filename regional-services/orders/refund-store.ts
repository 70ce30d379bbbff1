import { and, asc, eq, ne } from "drizzle-orm";
import { isCurrency } from "../../domain/money.ts";
import { isOrderStatus } from "../../domain/order-state.ts";
import { notFound } from "../../platform/errors.ts";
import type { Order } from "../../contracts/orders/api.ts";
import type { OrderRefundSummary, OrderRefundView } from "../../contracts/orders/refunds.ts";
import type { OrdersDb, OrdersTx } from "./db.ts";
import { orderLines, orderRefunds, orders } from "./schema.ts";

/** Reads an order's refunds and shapes them as the merchant's and the shopper's views answer them. */
export type OrderRefundRow = typeof orderRefunds.$inferSelect;
type Reader = Pick<OrdersDb | OrdersTx, "select">;

export function toRefundView(row: OrderRefundRow): OrderRefundView {
  const status = row.status;
  const kind = row.kind;
  if (!isCurrency(row.currency) || (status !== "pending" && status !== "succeeded" && status !== "failed") || (kind !== "merchant" && kind !== "cancel" && kind !== "owed")) {
    throw new Error(`order refund ${row.id} is corrupt`);
  }
  return {
    id: row.id,
    orderId: row.orderId,
    paymentId: row.paymentId,
    amount: row.amount,
    currency: row.currency,
    status,
    kind,
    ...(row.reason ? { reason: row.reason } : {}),
    ...(row.lines ? { lines: row.lines } : {}),
    createdAt: row.createdAt.toISOString(),
  };
}

/** An order's refunds, oldest first. */
export function refundRowsOf(db: Reader, orderId: string): Promise<OrderRefundRow[]> {
  return db.select().from(orderRefunds).where(eq(orderRefunds.orderId, orderId)).orderBy(asc(orderRefunds.createdAt), asc(orderRefunds.id));
}

/** Units refunded per line position, by refunds not failed. */
export function refundedUnits(rows: readonly OrderRefundRow[]): Map<number, number> {
  const units = new Map<number, number>();
  for (const row of rows) {
    if (row.status === "failed") continue;
    for (const line of row.lines ?? []) units.set(line.position, (units.get(line.position) ?? 0) + line.quantity);
  }
  return units;
}

/** Refunded or on its way back (pending), and succeeded only. */
export function refundTotals(rows: readonly OrderRefundRow[]): { refunded: number; succeeded: number } {
  let refunded = 0;
  let succeeded = 0;
  for (const row of rows) {
    if (row.status !== "failed") refunded += row.amount;
    if (row.status === "succeeded") succeeded += row.amount;
  }
  return { refunded, succeeded };
}

/** The order's refundable amounts and lines, as the merchant's refund routes answer them. */
export async function refundSummary(db: Reader, orderId: string): Promise<{ summary: OrderRefundSummary; rows: OrderRefundRow[] }> {
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) throw notFound(`no order ${orderId}`);
  if (!isOrderStatus(order.status) || !isCurrency(order.currency)) throw new Error(`order ${orderId} is corrupt`);
  const [lines, rows] = await Promise.all([db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.position)), refundRowsOf(db, orderId)]);
  const units = refundedUnits(rows);
  // Only a payment that took the money counts as captured: the order's total, charged in one payment.
  const captured = order.paymentId !== null && order.paymentStatus === "succeeded" ? order.total : 0;
  const { refunded } = refundTotals(rows);
  return {
    rows,
    summary: {
      orderId,
      status: order.status,
      currency: order.currency,
      capturedAmount: captured,
      refundedAmount: refunded,
      refundableAmount: Math.max(0, captured - refunded),
      lines: lines.map((l) => ({ position: l.position, title: l.title, sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, paid: l.lineTotal - l.discount, refundedQuantity: units.get(l.position) ?? 0 })),
    },
  };
}

/** The shopper's order with its refunds (not failed ones) and what they gave back. */
export async function withShopperRefunds(db: Reader, order: Order): Promise<Order> {
  const rows = await db.select().from(orderRefunds).where(and(eq(orderRefunds.orderId, order.id), ne(orderRefunds.status, "failed"))).orderBy(asc(orderRefunds.createdAt));
  if (rows.length === 0) return order;
  return {
    ...order,
    refunds: rows.map((row) => {
      const view = toRefundView(row);
      return { amount: view.amount, currency: view.currency, status: view.status, ...(view.reason ? { reason: view.reason } : {}), createdAt: view.createdAt };
    }),
    refundedTotal: refundTotals(rows).succeeded,
  };
}
