import { eq } from "drizzle-orm";
import { unitsByVariant } from "../../domain/checkout.ts";
import { isCurrency } from "../../domain/money.ts";
import { awaitsPayment, endedUnpaid, isOrderStatus, transition, type OrderEvent, type Transition } from "../../domain/order-state.ts";
import { AppError } from "../../platform/errors.ts";
import { log } from "../../platform/log.ts";
import { appendEvent } from "../shared/outbox.ts";
import type { OrdersTx } from "./db.ts";
import { ORDER_PAYMENT_NEEDS_REFUND, STATUS_EVENTS, type OrderPaymentNeedsRefund, type OrderStatusChanged } from "../../contracts/orders/events.ts";
import { publishStockLevels, releaseUnits } from "./inventory.ts";
import { confirmRedemptions, releaseRedemptions } from "./promotion-redemptions.ts";
import { orderLines, orders, orderStatusHistory } from "./schema.ts";

/**
 * Moves an order under its row lock (with its stock and promotion uses). Every path that changes an order's status comes through
 * here (checkout's own payment call, the shopper's confirmation, the payments feed), so however
 * they race, each change happens once: the second caller sees the new status and the state
 * machine reports its event as already applied.
 */
export interface PaymentFacts {
  paymentId: string | null;
  /** The payments service's status: processing, succeeded, failed, requires_action, cancelled. */
  status: string;
  brand?: string | null | undefined;
  last4?: string | null | undefined;
  failureReason?: string | null | undefined;
  /** What the payment took, when the reporter knows; otherwise the order's total (what it was created for). */
  amount?: number | undefined;
  currency?: string | undefined;
}

const EVENT_OF_PAYMENT: Record<string, OrderEvent | undefined> = {
  succeeded: "payment_succeeded",
  failed: "payment_failed",
  cancelled: "payment_cancelled",
  requires_action: "payment_requires_action",
};

export type Applied = { found: false } | { found: true; transition: Transition };

/** The order's row, locked for this transaction: every change of an order takes this lock first. */
export async function lockOrder(tx: OrdersTx, orderId: string) {
  const [row] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  return row;
}

/** The order's units per variant, in the same lock order checkout reserves them in (no deadlocks). */
export async function unitsOf(tx: OrdersTx, orderId: string) {
  return unitsByVariant(await tx.select({ variantId: orderLines.variantId, quantity: orderLines.quantity }).from(orderLines).where(eq(orderLines.orderId, orderId)));
}

/** Applies `event` to a locked order: status, history, outbox, and stock back when it releases. */
async function move(tx: OrdersTx, row: typeof orders.$inferSelect, event: OrderEvent, note: string | null, extra: Partial<typeof orders.$inferInsert> = {}): Promise<Transition> {
  if (!isOrderStatus(row.status)) throw new Error(`order ${row.id} has unknown status ${row.status}`);
  const t = transition(row.status, event);
  if (!t.ok || !t.changed) return t;
  await tx.update(orders).set({ ...extra, status: t.to, updatedAt: new Date() }).where(eq(orders.id, row.id));
  await tx.insert(orderStatusHistory).values({ orderId: row.id, fromStatus: t.from, toStatus: t.to, event, note });
  // Promotion uses follow the stock: given back when the order ends unpaid, final once it is paid.
  // Taken before the stock rows, as checkout takes them, so the two never deadlock. Uses are only
  // ever taken for the promotions the order records, so an order without any has none to move.
  if (row.promotions.length > 0) {
    if (endedUnpaid(t.to)) await releaseRedemptions(tx, row.id);
    else if (t.from === "pending_payment") await confirmRedemptions(tx, row.id);
  }
  const levels = t.releasesStock ? await releaseUnits(tx, await unitsOf(tx, row.id)) : [];
  const type = STATUS_EVENTS[t.to];
  if (type && isCurrency(row.currency)) {
    const payload: OrderStatusChanged = { orderId: row.id, status: t.to, previousStatus: t.from, currency: row.currency, total: row.total, paymentId: extra.paymentId ?? row.paymentId };
    await appendEvent(tx, type, row.id, payload);
  }
  await publishStockLevels(tx, levels);
  return t;
}

/**
 * Money taken for an order that ended unpaid is noted on the order and published for a refund,
 * together, once per order however often the report comes. The order stays as it is: its units
 * may have been sold to someone else since.
 */
async function noteRefundDue(tx: OrdersTx, row: typeof orders.$inferSelect, paymentId: string, facts: PaymentFacts): Promise<void> {
  if (row.refundDueAt !== null) return;
  await tx
    .update(orders)
    .set({ paymentId, paymentStatus: "succeeded", paymentBrand: facts.brand ?? row.paymentBrand, paymentLast4: facts.last4 ?? row.paymentLast4, refundDueAt: new Date(), updatedAt: new Date() })
    .where(eq(orders.id, row.id));
  const payload: OrderPaymentNeedsRefund = { orderId: row.id, paymentId, amount: facts.amount ?? row.total, currency: facts.currency ?? row.currency };
  await appendEvent(tx, ORDER_PAYMENT_NEEDS_REFUND, row.id, payload);
  log("warn", "payment succeeded for an order that had ended unpaid; refund due", { orderId: row.id, status: row.status, paymentId });
}

/**
 * Records what the payments service said about an order's payment. While the order awaits
 * payment the payment's details are kept up to date; once it has moved on, a late or repeated
 * report changes nothing, except that a success for an order that ended unpaid is recorded for a
 * refund (see noteRefundDue); any other contradicting report is logged, never applied.
 */
export async function applyPaymentOutcome(tx: OrdersTx, orderId: string, facts: PaymentFacts): Promise<Applied> {
  const row = await lockOrder(tx, orderId);
  if (!row) return { found: false };
  if (!isOrderStatus(row.status)) throw new Error(`order ${orderId} has unknown status ${row.status}`);
  if (row.paymentId !== null && facts.paymentId !== null && row.paymentId !== facts.paymentId) {
    log("warn", "payment outcome for another payment of this order ignored", { orderId, paymentId: facts.paymentId, orderPaymentId: row.paymentId });
    return { found: true, transition: { ok: true, changed: false, status: row.status } };
  }
  const event = EVENT_OF_PAYMENT[facts.status];
  if (!awaitsPayment(row.status)) {
    if (facts.status === "succeeded" && facts.paymentId !== null && endedUnpaid(row.status)) {
      await noteRefundDue(tx, row, facts.paymentId, facts);
      return { found: true, transition: { ok: true, changed: false, status: row.status } };
    }
    const t = event ? transition(row.status, event) : ({ ok: true, changed: false, status: row.status } as const);
    if (!t.ok) log("warn", "payment outcome contradicts the order; ignored", { orderId, status: row.status, paymentStatus: facts.status });
    return { found: true, transition: t };
  }
  // "processing" is only ever a payment's first word; it must not hide a later request for action.
  const stale = facts.status === "processing" && row.paymentStatus === "requires_action";
  const details: Partial<typeof orders.$inferInsert> = {
    paymentId: facts.paymentId ?? row.paymentId,
    paymentStatus: stale ? row.paymentStatus : facts.status,
    paymentBrand: facts.brand ?? row.paymentBrand,
    paymentLast4: facts.last4 ?? row.paymentLast4,
    paymentFailureReason: facts.failureReason ?? row.paymentFailureReason,
  };
  if (!event || event === "payment_requires_action") {
    await tx.update(orders).set({ ...details, updatedAt: new Date() }).where(eq(orders.id, orderId));
    return { found: true, transition: { ok: true, changed: false, status: row.status } };
  }
  return { found: true, transition: await move(tx, row, event, facts.failureReason ?? null, details) };
}

/** A status change that is not a payment report (cancelling an abandoned order, fulfilment). */
export async function applyOrderEvent(tx: OrdersTx, orderId: string, event: OrderEvent, note: string | null = null): Promise<Applied> {
  const row = await lockOrder(tx, orderId);
  if (!row) return { found: false };
  return { found: true, transition: await move(tx, row, event, note) };
}

/** The refusal of an operation the order's status does not allow (shipping an unpaid order, cancelling a paid one). */
export function orderStateConflict(message: string): AppError {
  return new AppError("ORDER_STATE_CONFLICT", message);
}
