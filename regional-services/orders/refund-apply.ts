import { eq } from "drizzle-orm";
import { isCurrency } from "../../domain/money.ts";
import { isOrderStatus, isSold, transition } from "../../domain/order-state.ts";
import { refundEvent } from "../../domain/refunds.ts";
import { log } from "../../platform/log.ts";
import { ORDER_REFUNDED, type OrderRefunded } from "../../contracts/orders/events.ts";
import { appendEvent } from "../shared/outbox.ts";
import type { OrdersTx } from "./db.ts";
import { publishStockLevels, releaseUnits } from "./inventory.ts";
import { refundRowsOf, refundTotals, type OrderRefundRow } from "./refund-store.ts";
import { orderRefunds, orders, orderStatusHistory } from "./schema.ts";
import { unitsOf } from "./transitions.ts";

/**
 * Records what payments said about a refund and, the first time it is reported succeeded, applies
 * it to the order under the order's row lock: the order moves (partially_refunded, or refunded
 * once everything captured is back), a status-history row is written, the units of a paid order
 * cancelled before shipping go back on sale, and `order.refunded` is published, all in `tx` and
 * once per refund id (`applied_at`), whether payments' answer or its feed's `payment.refunded`
 * comes first. An order that ended unpaid (a payment owed back) keeps its status.
 */
export interface RefundReport {
  refundId: string;
  orderId: string;
  paymentId: string;
  amount: number;
  currency: string;
  status: "pending" | "succeeded" | "failed";
  reason?: string | undefined;
}

/** What the merchant's request adds to a refund payments knows nothing of. */
export type RefundRequestFacts = Pick<OrderRefundRow, "idempotencyKey" | "fingerprint" | "kind" | "lines" | "restock" | "actor">;

export async function recordRefund(tx: OrdersTx, report: RefundReport, request?: RefundRequestFacts): Promise<OrderRefundRow | undefined> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, report.orderId)).for("update");
  if (!order) return undefined;
  await tx
    .insert(orderRefunds)
    .values({ id: report.refundId, orderId: report.orderId, paymentId: report.paymentId, amount: report.amount, currency: report.currency, status: report.status, reason: report.reason ?? null, ...request })
    .onConflictDoNothing({ target: orderRefunds.id });
  const [found] = await tx.select().from(orderRefunds).where(eq(orderRefunds.id, report.refundId));
  if (!found) throw new Error(`order refund ${report.refundId} vanished`);
  // First heard of on the feed (the request's answer was lost): the merchant's retry fills in the rest.
  const row = request && found.idempotencyKey === null ? ((await tx.update(orderRefunds).set(request).where(eq(orderRefunds.id, found.id)).returning())[0] ?? found) : found;
  // A settled refund never moves again; a pending one takes the newer word.
  if (row.status !== "pending" || report.status === "pending") return row;
  const [updated] = await tx.update(orderRefunds).set({ status: report.status, updatedAt: new Date() }).where(eq(orderRefunds.id, row.id)).returning();
  if (!updated) throw new Error(`order refund ${row.id} vanished`);
  if (updated.status === "succeeded") await applyToOrder(tx, order, updated);
  return updated;
}

async function applyToOrder(tx: OrdersTx, order: typeof orders.$inferSelect, refund: OrderRefundRow): Promise<void> {
  if (!isOrderStatus(order.status) || !isCurrency(refund.currency)) throw new Error(`order ${order.id} is corrupt`);
  const { succeeded } = refundTotals(await refundRowsOf(tx, order.id));
  const event = refundEvent(succeeded, order.total);
  const t = isSold(order.status) ? transition(order.status, event) : undefined;
  if (t && !t.ok) log("warn", "refund does not move the order", { orderId: order.id, status: order.status, event });
  const to = t?.ok && t.changed ? t.to : order.status;
  const now = new Date();
  if (to !== order.status) await tx.update(orders).set({ status: to, updatedAt: now }).where(eq(orders.id, order.id));
  await tx.insert(orderStatusHistory).values({ orderId: order.id, fromStatus: order.status, toStatus: to, event, note: `refund ${refund.id}: ${refund.amount} ${refund.currency}` });
  await tx.update(orderRefunds).set({ appliedAt: now }).where(eq(orderRefunds.id, refund.id));
  if (refund.restock && to === "refunded") {
    await publishStockLevels(tx, await releaseUnits(tx, await unitsOf(tx, order.id)));
  }
  const payload: OrderRefunded = {
    orderId: order.id,
    paymentId: refund.paymentId,
    refundId: refund.id,
    amount: refund.amount,
    currency: refund.currency,
    refundedTotal: succeeded,
    status: to,
    ...(refund.reason ? { reason: refund.reason } : {}),
  };
  await appendEvent(tx, ORDER_REFUNDED, order.id, payload);
  log("info", "order refunded", { orderId: order.id, refundId: refund.id, amount: refund.amount, status: to });
}
