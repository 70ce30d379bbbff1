import { asc, eq } from "drizzle-orm";
import { isCurrency } from "../../domain/money.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import type { RefundListResponse, RefundRequest, RefundResponse, RefundView } from "../../contracts/payments/api.ts";
import { requestFingerprint } from "../shared/idempotency.ts";
import type { PaymentsDb } from "./db.ts";
import type { PaymentsDeps } from "./deps.ts";
import { newId } from "./ids.ts";
import { callProvider } from "./provider-call.ts";
import { applyRefund, refundTotals } from "./refund-transitions.ts";
import { payments, refunds, type PaymentRow, type RefundRow } from "./schema.ts";

export interface CreatedRefund {
  answer: RefundResponse;
  /** False when the Idempotency-Key had been seen: the answer is that earlier refund. */
  created: boolean;
}

/**
 * `POST /payments/{id}/refunds`. The refund is recorded (pending) before the provider is asked,
 * under the payment's row lock, so two refunds at once queue and the second sees the first
 * counted against the capture; the same key twice finds the first refund. The provider is then
 * asked with our refund id as its idempotency key, so a retry (the repeat of a double click, or
 * reconciliation after a crash) never gives money back twice.
 */
export async function refundPayment(deps: PaymentsDeps, paymentId: string, idempotencyKey: string, request: RefundRequest): Promise<CreatedRefund> {
  const fingerprint = requestFingerprint(paymentId, String(request.amount), request.reason ?? "");
  const recorded = await deps.db.transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
    if (!payment) throw notFound(`no payment ${paymentId}`);
    const [existing] = await tx.select().from(refunds).where(eq(refunds.idempotencyKey, idempotencyKey));
    if (existing) {
      if (existing.fingerprint !== fingerprint) throw new AppError("IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different refund");
      return { payment, refund: existing, created: false };
    }
    if (payment.status !== "succeeded" || payment.providerRef === null) {
      throw new AppError("PAYMENT_NOT_REFUNDABLE", `payment ${paymentId} is ${payment.status}: it took no money to give back`, { status: payment.status });
    }
    const { captured, refunded } = await refundTotals(tx, paymentId);
    const refundable = captured - refunded;
    if (request.amount > refundable) {
      throw new AppError("REFUND_EXCEEDS_CAPTURED", `amount: ${request.amount} is more than the ${refundable} still refundable of the ${captured} captured`, {
        issues: [{ path: "amount", message: `at most ${refundable}` }],
        captured,
        refunded,
        refundable,
      });
    }
    const [refund] = await tx
      .insert(refunds)
      .values({ id: newId("re"), paymentId, idempotencyKey, fingerprint, amount: request.amount, currency: payment.currency, reason: request.reason ?? null })
      .returning();
    if (!refund) throw new Error("refund insert returned no row");
    return { payment, refund, created: true };
  });
  const refund = recorded.refund.status === "pending" ? await askProvider(deps, recorded.payment, recorded.refund) : recorded.refund;
  return { answer: await refundAnswer(deps.db, refund), created: recorded.created };
}

/** Asks the provider to give `refund` back (again: it is idempotent on our refund id) and applies its answer. */
export async function askProvider(deps: PaymentsDeps, payment: PaymentRow, refund: RefundRow): Promise<RefundRow> {
  const chargeRef = payment.providerRef;
  if (chargeRef === null || !isCurrency(refund.currency)) throw new Error(`refund ${refund.id} has no charge to come from`);
  const currency = refund.currency;
  const reported = await callProvider("refund", () => deps.provider.refund({ reference: refund.id, chargeRef, amount: refund.amount, currency }));
  return (await applyRefund(deps.db, refund.id, reported)).refund;
}

export function toRefundView(row: RefundRow, orderId: string): RefundView {
  if (!isCurrency(row.currency) || (row.status !== "pending" && row.status !== "succeeded" && row.status !== "failed")) throw new Error(`refund ${row.id} is corrupt`);
  return {
    id: row.id,
    paymentId: row.paymentId,
    orderId,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    ...(row.reason ? { reason: row.reason } : {}),
    createdAt: row.createdAt.toISOString(),
  };
}

async function refundAnswer(db: PaymentsDb, refund: RefundRow): Promise<RefundResponse> {
  const list = await listRefunds(db, refund.paymentId);
  return { refund: toRefundView(refund, list.orderId), capturedAmount: list.capturedAmount, refundedAmount: list.refundedAmount };
}

/** `GET /payments/{id}/refunds`: oldest first, with the capture and what is refunded or pending. */
export async function listRefunds(db: PaymentsDb, paymentId: string): Promise<RefundListResponse & { orderId: string }> {
  const [payment] = await db.select({ orderId: payments.orderId }).from(payments).where(eq(payments.id, paymentId));
  if (!payment) throw notFound(`no payment ${paymentId}`);
  const rows = await db.select().from(refunds).where(eq(refunds.paymentId, paymentId)).orderBy(asc(refunds.createdAt), asc(refunds.id));
  const totals = await refundTotals(db, paymentId);
  return { orderId: payment.orderId, refunds: rows.map((row) => toRefundView(row, payment.orderId)), capturedAmount: totals.captured, refundedAmount: totals.refunded };
}
