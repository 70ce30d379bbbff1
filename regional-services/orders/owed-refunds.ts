import { and, asc, eq, isNotNull, notExists, sql } from "drizzle-orm";
import { log } from "../../platform/log.ts";
import type { BackgroundTask } from "../shared/lifecycle.ts";
import { periodicTask } from "../shared/periodic-task.ts";
import type { OrdersDb } from "./db.ts";
import type { PaymentsRefunds } from "./payments-client.ts";
import { recordRefund } from "./refund-apply.ts";
import { orderRefunds, orders } from "./schema.ts";

/**
 * Payments owed back (`order.payment_needs_refund`): a payment that succeeded after its order had
 * ended unpaid. They are refunded automatically, not queued for the merchant: the shopper was
 * charged for an order that will never ship, and holding their money for a decision helps nobody.
 *
 * The queue is the orders table itself (`refund_due_at` set, no owed refund recorded yet), so it
 * survives restarts; each pass refunds what payments says is still refundable on the payment,
 * under a key derived from the payment id, so however many passes or instances run, the payment
 * is refunded once. A pass that fails leaves the order in the queue for the next one.
 */
const BATCH = 50;

export function owedRefundKey(paymentId: string): string {
  return `${paymentId}:owed`;
}

/** One pass; returns how many owed payments it refunded (or found refunded). */
export async function refundOwedPayments(db: OrdersDb, payments: PaymentsRefunds): Promise<number> {
  const due = await db
    .select({ id: orders.id, paymentId: orders.paymentId })
    .from(orders)
    .where(
      and(
        isNotNull(orders.refundDueAt),
        isNotNull(orders.paymentId),
        // An owed refund the provider failed is not asked for again: under the same key payments
        // answers the same failed refund, and the card cannot take the money back; the merchant
        // sees it failed on the order and settles it another way.
        notExists(db.select({ id: orderRefunds.id }).from(orderRefunds).where(and(eq(orderRefunds.orderId, orders.id), eq(orderRefunds.kind, "owed")))),
      ),
    )
    .orderBy(asc(orders.refundDueAt))
    .limit(BATCH);
  let refunded = 0;
  for (const order of due) {
    if (order.paymentId === null) continue;
    try {
      await refundOwed(db, payments, order.id, order.paymentId);
      refunded++;
    } catch (err) {
      log("warn", "payment owed back not refunded yet; retried on the next pass", { orderId: order.id, paymentId: order.paymentId, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return refunded;
}

async function refundOwed(db: OrdersDb, payments: PaymentsRefunds, orderId: string, paymentId: string): Promise<void> {
  const key = owedRefundKey(paymentId);
  const books = await payments.refunds(paymentId);
  // A refund made by a pass that died before recording it is asked for again (same key, same
  // amount), so payments answers it and it is recorded now.
  const earlier = books.refunds.find((r) => r.status !== "failed" && r.reason === OWED_REASON);
  const amount = earlier?.amount ?? books.capturedAmount - books.refundedAmount;
  if (amount <= 0) return;
  const { refund } = await payments.refund(paymentId, key, { amount, reason: OWED_REASON });
  await db.transaction((tx) =>
    recordRefund(
      tx,
      { refundId: refund.id, orderId, paymentId, amount: refund.amount, currency: refund.currency, status: refund.status, reason: refund.reason },
      { idempotencyKey: key, fingerprint: null, kind: "owed", lines: null, restock: false, actor: "system" },
    ),
  );
  log("info", "payment owed back refunded", { orderId, paymentId, refundId: refund.id, amount });
}

const OWED_REASON = "payment taken after the order had ended unpaid";

/** The pass every `intervalMs` as a service background task. */
export function owedRefundsTask(db: OrdersDb, payments: PaymentsRefunds, intervalMs: number): BackgroundTask {
  return periodicTask("owed refunds", "orders", () => refundOwedPayments(db, payments), intervalMs);
}
