import { eq } from "drizzle-orm";
import { notFound } from "../../platform/errors.ts";
import { log } from "../../platform/log.ts";
import { appendEvent } from "../shared/outbox.ts";
import type { PaymentStatus } from "../../contracts/payments/api.ts";
import { PAYMENT_EVENT_TYPES, type PaymentEventPayload } from "../../contracts/payments/events.ts";
import type { PaymentsDb, PaymentsTx } from "./db.ts";
import type { ProviderCharge, ProviderStatus } from "./providers/provider.ts";
import { captures, payments, type PaymentRow } from "./schema.ts";
import { isPaymentStatus, isSettled } from "../../domain/payment-state.ts";

/**
 * The one place a payment's status changes. The synchronous answer to a create/confirm/cancel and
 * every webhook delivery all come through here, in any order and any number of times: under the
 * payment's row lock only the first report of a new status applies, and a settled payment never
 * moves again. So there is one capture and one event per status, however the reports race.
 */

/** The status a payment moves to when the provider reports `reported`, or undefined for no change. */
export function nextStatus(current: PaymentStatus, reported: ProviderStatus): ProviderStatus | undefined {
  if (isSettled(current) || current === reported) return undefined;
  return reported;
}

export interface Applied {
  payment: PaymentRow;
  changed: boolean;
}

/** Applies a provider report inside `tx`, which must be the transaction that records it. */
export async function applyChargeInTx(tx: PaymentsTx, paymentId: string, charge: ProviderCharge): Promise<Applied> {
  const [row] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
  if (!row) throw notFound(`no payment ${paymentId}`);
  if (!isPaymentStatus(row.status)) throw new Error(`payment ${row.id} has unknown status ${row.status}`);
  if (charge.amount !== row.amount || charge.currency !== row.currency || (row.providerRef !== null && row.providerRef !== charge.ref)) {
    // Never let a report about some other charge move this payment.
    log("error", "provider report does not match the payment", { service: "payments", paymentId, providerRef: charge.ref });
    return { payment: row, changed: false };
  }
  const to = nextStatus(row.status, charge.status);
  if (to === undefined) {
    if (row.providerRef !== null) return { payment: row, changed: false };
    const [withRef] = await tx.update(payments).set({ providerRef: charge.ref }).where(eq(payments.id, paymentId)).returning();
    return { payment: withRef ?? row, changed: false };
  }
  const now = new Date();
  if (to === "succeeded") {
    // A plain insert: were a second capture ever attempted, the primary key would abort it.
    await tx.insert(captures).values({ paymentId, amount: row.amount, currency: row.currency, providerRef: charge.ref, capturedAt: now });
  }
  const [updated] = await tx
    .update(payments)
    .set({
      status: to,
      providerRef: charge.ref,
      failureReason: to === "failed" ? (charge.failureReason ?? "failed") : null,
      capturedAt: to === "succeeded" ? now : row.capturedAt,
      updatedAt: now,
    })
    .where(eq(payments.id, paymentId))
    .returning();
  if (!updated) throw new Error(`payment ${paymentId} vanished`);
  await appendEvent(tx, PAYMENT_EVENT_TYPES[to], paymentId, eventPayload(updated));
  log("info", "payment status changed", { service: "payments", paymentId, orderId: row.orderId, from: row.status, to });
  return { payment: updated, changed: true };
}

/** Applies a provider's synchronous answer in a transaction of its own. */
export function applyCharge(db: PaymentsDb, paymentId: string, charge: ProviderCharge): Promise<Applied> {
  return db.transaction((tx) => applyChargeInTx(tx, paymentId, charge));
}

/** The payload of the event a payment's new status publishes (contracts/payments/events.ts). */
function eventPayload(row: PaymentRow): PaymentEventPayload {
  const payload: PaymentEventPayload = { paymentId: row.id, orderId: row.orderId, amount: row.amount, currency: row.currency as PaymentEventPayload["currency"] };
  if (row.failureReason) payload.failureReason = row.failureReason;
  return payload;
}
