import { and, eq, inArray, sql } from "drizzle-orm";
import { log } from "../../platform/log.ts";
import { appendEvent } from "../shared/outbox.ts";
import { PAYMENT_REFUND_FAILED, PAYMENT_REFUNDED, type PaymentRefundedPayload, type PaymentRefundFailedPayload } from "../../contracts/payments/events.ts";
import type { PaymentsDb, PaymentsTx } from "./db.ts";
import type { ProviderRefund } from "./providers/provider.ts";
import { captures, payments, refunds, type RefundRow } from "./schema.ts";

/**
 * The one place a refund's status changes: the synchronous answer to a refund, every webhook
 * delivery and reconciliation all come through here, under the payment's row lock (the lock the
 * cap is checked under). Only a pending refund moves, so `payment.refunded` (or, when it failed,
 * `payment.refund_failed`) is appended once per refund, in the transaction that settles it,
 * however the reports race.
 */
export interface AppliedRefund {
  refund: RefundRow;
  changed: boolean;
}

/** Money taken and money given back (or on its way back) on a payment, as of `tx`. */
export async function refundTotals(tx: PaymentsTx | PaymentsDb, paymentId: string): Promise<{ captured: number; refunded: number; succeeded: number }> {
  const [capture] = await tx.select({ amount: captures.amount }).from(captures).where(eq(captures.paymentId, paymentId));
  const [sums] = await tx
    .select({
      refunded: sql<string>`coalesce(sum(${refunds.amount}), 0)`,
      succeeded: sql<string>`coalesce(sum(${refunds.amount}) filter (where ${refunds.status} = 'succeeded'), 0)`,
    })
    .from(refunds)
    .where(and(eq(refunds.paymentId, paymentId), inArray(refunds.status, ["pending", "succeeded"])));
  return { captured: capture?.amount ?? 0, refunded: Number(sums?.refunded ?? 0), succeeded: Number(sums?.succeeded ?? 0) };
}

/** Applies a provider report about refund `refundId` inside `tx`. */
export async function applyRefundInTx(tx: PaymentsTx, refundId: string, reported: ProviderRefund): Promise<AppliedRefund | undefined> {
  const [found] = await tx.select({ paymentId: refunds.paymentId }).from(refunds).where(eq(refunds.id, refundId));
  if (!found) return undefined;
  const [payment] = await tx.select().from(payments).where(eq(payments.id, found.paymentId)).for("update");
  const [row] = await tx.select().from(refunds).where(eq(refunds.id, refundId));
  if (!payment || !row) return undefined;
  if (reported.amount !== row.amount || reported.currency !== row.currency || (row.providerRef !== null && row.providerRef !== reported.ref)) {
    log("error", "provider report does not match the refund", { service: "payments", refundId, providerRef: reported.ref });
    return { refund: row, changed: false };
  }
  if (row.status !== "pending" || reported.status === "pending") {
    if (row.providerRef !== null) return { refund: row, changed: false };
    const [withRef] = await tx.update(refunds).set({ providerRef: reported.ref }).where(eq(refunds.id, refundId)).returning();
    return { refund: withRef ?? row, changed: false };
  }
  const [updated] = await tx
    .update(refunds)
    .set({ status: reported.status, providerRef: reported.ref, failureReason: reported.status === "failed" ? (reported.failureReason ?? "failed") : null, updatedAt: new Date() })
    .where(eq(refunds.id, refundId))
    .returning();
  if (!updated) throw new Error(`refund ${refundId} vanished`);
  // What both events say about the refund; each adds its own outcome.
  const about = {
    paymentId: payment.id,
    orderId: payment.orderId,
    refundId,
    amount: updated.amount,
    currency: updated.currency as PaymentRefundedPayload["currency"],
    ...(updated.reason ? { reason: updated.reason } : {}),
  };
  if (updated.status === "succeeded") {
    const totals = await refundTotals(tx, payment.id);
    const payload: PaymentRefundedPayload = { ...about, refundedTotal: totals.succeeded, capturedAmount: totals.captured };
    await appendEvent(tx, PAYMENT_REFUNDED, payment.id, payload);
  } else {
    const payload: PaymentRefundFailedPayload = { ...about, failureReason: updated.failureReason ?? "failed" };
    await appendEvent(tx, PAYMENT_REFUND_FAILED, payment.id, payload);
    log("warn", "refund failed at the provider", { service: "payments", refundId, paymentId: payment.id, failureReason: payload.failureReason });
  }
  log("info", "refund settled", { service: "payments", refundId, paymentId: payment.id, status: updated.status });
  return { refund: updated, changed: true };
}

/** Applies a provider's synchronous answer in a transaction of its own. */
export async function applyRefund(db: PaymentsDb, refundId: string, reported: ProviderRefund): Promise<AppliedRefund> {
  const applied = await db.transaction((tx) => applyRefundInTx(tx, refundId, reported));
  if (!applied) throw new Error(`refund ${refundId} vanished`);
  return applied;
}
