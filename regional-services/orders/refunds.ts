import { and, eq, inArray } from "drizzle-orm";
import type { Actor } from "../../contracts/admin/actor.ts";
import { describeActor } from "../../contracts/admin/actor.ts";
import type { OrderRefundRequest, OrderRefundResponse } from "../../contracts/orders/refunds.ts";
import type { RefundResponse } from "../../contracts/payments/api.ts";
import { isOrderStatus, isSold } from "../../domain/order-state.ts";
import { checkRefundLimit, refundForLines } from "../../domain/refunds.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { requestFingerprint } from "../shared/idempotency.ts";
import type { OrdersDb, OrdersTx } from "./db.ts";
import type { PaymentsRefunds } from "./payments-client.ts";
import { recordRefund, type RefundRequestFacts } from "./refund-apply.ts";
import { refundSummary, toRefundView } from "./refund-store.ts";
import { orderRefunds, orders, orderStatusHistory } from "./schema.ts";

/**
 * The merchant's refunds: by amount, by lines, and cancelling a paid order. Each goes to payments
 * under a key derived from the merchant's (or, for a cancellation, from the order), so a double
 * click or a retry refunds once; payments holds the cap. The order moves when the refund succeeds
 * (refund-apply.ts), which is usually a moment later, through the payments feed.
 */
export interface RefundDeps {
  db: OrdersDb;
  payments: PaymentsRefunds;
  /** FULFILMENT_REFUND_LIMIT: the most a non-owner may refund at once, minor units. */
  limit: number;
}

export interface RefundOutcome {
  answer: OrderRefundResponse;
  /** False when the key had been used: the answer is that earlier refund. */
  created: boolean;
}

const validation = (field: string, message: string) => new AppError("VALIDATION_FAILED", `${field}: ${message}`, { issues: [{ path: field, message }] });

/** The key payments sees: the merchant's key, hashed into the order's own namespace. */
export function paymentsRefundKey(orderId: string, merchantKey: string): string {
  return `${orderId}:refund:${requestFingerprint(merchantKey)}`;
}

/**
 * The order's refundable state under its row lock, refusing an order that took no money. The lock
 * is held while payments is asked and its answer recorded, so two refunds of one order (two
 * by-lines refunds of the same units, say) are decided one after the other, each seeing the other.
 */
async function refundableOrder(tx: OrdersTx, orderId: string) {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  if (!order) throw notFound(`no order ${orderId}`);
  const { summary, rows } = await refundSummary(tx, orderId);
  if (order.paymentId === null || !isOrderStatus(order.status) || !isSold(order.status)) {
    throw new AppError("ORDER_STATE_CONFLICT", `order ${orderId} is ${order.status}: it took no payment to refund`, { status: order.status });
  }
  return { summary, rows, paymentId: order.paymentId };
}

function checkLimit(actor: Actor, amount: number, limit: number): void {
  const check = checkRefundLimit(actor.kind === "staff" ? { kind: "staff", role: actor.role } : { kind: "token" }, amount, limit);
  if (!check.ok) {
    throw new AppError("REFUND_LIMIT_EXCEEDED", `amount: ${describeActor(actor)} may refund at most ${check.limit} at once; ask the owner for more`, {
      limit: check.limit,
      issues: [{ path: "amount", message: `at most ${check.limit}` }],
    });
  }
}

function exceeds(amount: number, refundable: number, captured: number): AppError {
  return new AppError("REFUND_EXCEEDS_CAPTURED", `amount: ${amount} is more than the ${refundable} still refundable of the ${captured} captured`, {
    issues: [{ path: "amount", message: `at most ${refundable}` }],
    captured,
    refundable,
  });
}

/** Asks payments to refund and records its answer: the refund's row, and the order moved if it already succeeded. */
async function refundThroughPayments(deps: RefundDeps, tx: OrdersTx, order: { orderId: string; paymentId: string }, amount: number, reason: string | undefined, facts: RefundRequestFacts & { idempotencyKey: string }): Promise<RefundOutcome> {
  const answer: RefundResponse & { created: boolean } = await deps.payments.refund(order.paymentId, facts.idempotencyKey, { amount, ...(reason ? { reason } : {}) });
  const { refund } = answer;
  const report = { refundId: refund.id, orderId: order.orderId, paymentId: refund.paymentId, amount: refund.amount, currency: refund.currency, status: refund.status, reason: refund.reason };
  const recorded = await recordRefund(tx, report, facts);
  if (!recorded) throw notFound(`no order ${order.orderId}`);
  return { answer: { refund: toRefundView(recorded), order: (await refundSummary(tx, order.orderId)).summary }, created: answer.created };
}

/**
 * `POST /merchant/orders/{id}/refunds`: a refund by amount or by lines. Refused before payments is
 * asked: a line or quantity that is not there (400 naming it), more than the actor may refund on
 * their own (403 REFUND_LIMIT_EXCEEDED), more than is left (409 REFUND_EXCEEDS_CAPTURED naming
 * amount), the key reused for another request (422).
 */
export function refundOrder(deps: RefundDeps, input: { orderId: string; key: string; request: OrderRefundRequest; actor: Actor }): Promise<RefundOutcome> {
  return deps.db.transaction((tx) => refundOrderIn(deps, tx, input));
}

async function refundOrderIn(deps: RefundDeps, tx: OrdersTx, input: { orderId: string; key: string; request: OrderRefundRequest; actor: Actor }): Promise<RefundOutcome> {
  const { orderId, request, actor } = input;
  const { summary, rows, paymentId } = await refundableOrder(tx, orderId);
  let amount = request.amount ?? 0;
  let lines: RefundRequestFacts["lines"] = null;
  const idempotencyKey = paymentsRefundKey(orderId, input.key);
  const fingerprint = requestFingerprint(orderId, JSON.stringify({ amount: request.amount ?? null, lines: request.lines ?? null, reason: request.reason ?? null }));
  const earlier = rows.find((row) => row.idempotencyKey === idempotencyKey);
  if (earlier) {
    if (earlier.fingerprint !== fingerprint) throw new AppError("IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different refund");
    // A repeat: payments answers the refund it made for this key.
    return refundThroughPayments(deps, tx, { orderId, paymentId }, earlier.amount, earlier.reason ?? undefined, { ...factsOf(earlier), idempotencyKey });
  }
  if (request.lines) {
    const byLines = refundForLines(
      summary.lines.map((l) => ({ position: l.position, quantity: l.quantity, lineTotal: l.paid, discount: 0 })),
      new Map(summary.lines.map((l) => [l.position, l.refundedQuantity])),
      request.lines,
    );
    if (!byLines.ok) throw validation(byLines.field, byLines.message);
    amount = byLines.amount;
    lines = byLines.lines;
    if (amount === 0) throw validation("lines", "those units were paid nothing, so there is nothing to refund");
  }
  checkLimit(actor, amount, deps.limit);
  if (amount > summary.refundableAmount) throw exceeds(amount, summary.refundableAmount, summary.capturedAmount);
  return refundThroughPayments(deps, tx, { orderId, paymentId }, amount, request.reason, { idempotencyKey, fingerprint, kind: "merchant", lines, restock: false, actor: describeActor(actor) });
}

function factsOf(row: typeof orderRefunds.$inferSelect): RefundRequestFacts {
  return { idempotencyKey: row.idempotencyKey, fingerprint: row.fingerprint, kind: row.kind, lines: row.lines, restock: row.restock, actor: row.actor };
}

/**
 * Cancels a paid order that has not shipped: refunds everything captured that is not refunded or
 * on its way back yet, and once that refund succeeds the order is `refunded` (the state machine's
 * word for a paid order given all its money back) and its units go back on sale, once. Idempotent
 * on the order: calling it again answers the same refund. An order that shipped is refused with
 * ORDER_STATE_CONFLICT (refund it instead); one that took no payment too.
 *
 * `actor` is held to the refund limit like any refund; pass undefined for the system itself.
 */
export function cancelPaidOrder(deps: RefundDeps, input: { orderId: string; actor?: Actor | undefined; reason?: string | undefined }): Promise<RefundOutcome> {
  return deps.db.transaction((tx) => cancelPaidOrderIn(deps, tx, input));
}

async function cancelPaidOrderIn(deps: RefundDeps, tx: OrdersTx, input: { orderId: string; actor?: Actor | undefined; reason?: string | undefined }): Promise<RefundOutcome> {
  const { orderId, actor } = input;
  const { summary, rows, paymentId } = await refundableOrder(tx, orderId);
  const idempotencyKey = `${orderId}:cancel`;
  const earlier = rows.find((row) => row.idempotencyKey === idempotencyKey);
  if (earlier) return refundThroughPayments(deps, tx, { orderId, paymentId }, earlier.amount, earlier.reason ?? undefined, { ...factsOf(earlier), idempotencyKey });
  if (summary.status !== "paid" && summary.status !== "partially_refunded") {
    throw new AppError("ORDER_STATE_CONFLICT", `order ${orderId} is ${summary.status}: only a paid order that has not shipped can be cancelled; refund it instead`, { status: summary.status });
  }
  const shipped = await tx
    .select({ id: orderStatusHistory.id })
    .from(orderStatusHistory)
    .where(and(eq(orderStatusHistory.orderId, orderId), inArray(orderStatusHistory.event, ["fulfil", "deliver"])))
    .limit(1);
  if (shipped.length > 0) throw new AppError("ORDER_STATE_CONFLICT", `order ${orderId} has shipped: refund it instead of cancelling it`, { status: summary.status });
  const amount = summary.refundableAmount;
  if (amount === 0) throw new AppError("ORDER_STATE_CONFLICT", `order ${orderId} has nothing left to refund: everything captured is refunded or on its way back`, { status: summary.status });
  if (actor) checkLimit(actor, amount, deps.limit);
  const reason = input.reason ?? "order cancelled";
  return refundThroughPayments(deps, tx, { orderId, paymentId }, amount, reason, { idempotencyKey, fingerprint: null, kind: "cancel", lines: null, restock: true, actor: actor ? describeActor(actor) : "system" });
}
