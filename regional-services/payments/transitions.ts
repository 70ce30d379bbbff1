import { and, eq, isNull, sql } from "drizzle-orm";
import { notFound } from "../../platform/errors.ts";
import { log } from "../../platform/log.ts";
import type { PaymentStatus } from "../../contracts/payments/api.ts";
import { PAYMENT_EVENT_TYPES, type PaymentEventPayload } from "../../contracts/payments/events.ts";
import type { PaymentsDb, PaymentsTx } from "./db.ts";
import type { ProviderCharge, ProviderStatus } from "./providers/provider.ts";
import { captures, outbox, payments, type PaymentRow } from "./schema.ts";
import { isPaymentStatus, isSettled } from "../../domain/payment-state.ts";

/**
 * The one place a payment's status changes. The synchronous answer to a create/confirm/cancel and
 * every webhook delivery all come through here, in any order and any number of times: only the
 * first report of a new status applies, and a settled payment never moves again. So there is one
 * capture and one event per status, however the reports race.
 *
 * A move is one statement that changes the payment only if it still stands where it was seen, and
 * records the capture and the event with it; a report that finds the payment elsewhere is decided
 * again under the payment's row lock.
 */

/** The status a payment moves to when the provider reports `reported`, or undefined for no change. */
export function nextStatus(current: PaymentStatus, reported: ProviderStatus): ProviderStatus | undefined {
  if (isSettled(current) || current === reported) return undefined;
  return reported;
}

/** What a provider's report does to a payment as it stands. */
export type Effect =
  | { kind: "move"; to: ProviderStatus }
  /** No new status, but the provider's id for the charge is not recorded yet. */
  | { kind: "record-ref" }
  | { kind: "none" }
  /** A report about some other charge: never lets it move this payment. */
  | { kind: "mismatch" };

export function effectOf(row: PaymentRow, charge: ProviderCharge): Effect {
  if (!isPaymentStatus(row.status)) throw new Error(`payment ${row.id} has unknown status ${row.status}`);
  if (charge.amount !== row.amount || charge.currency !== row.currency || (row.providerRef !== null && row.providerRef !== charge.ref)) return { kind: "mismatch" };
  const to = nextStatus(row.status, charge.status);
  if (to !== undefined) return { kind: "move", to };
  return row.providerRef === null ? { kind: "record-ref" } : { kind: "none" };
}

/**
 * Whether a report that does nothing to `row` will do nothing to the payment whatever happens to
 * it meanwhile: amount, currency and provider reference never change once set, and a status only
 * moves towards settled, where reports change nothing either.
 */
export function changesNothing(effect: Effect): boolean {
  return effect.kind === "none" || effect.kind === "mismatch";
}

export function logMismatch(paymentId: string, charge: ProviderCharge): void {
  log("error", "provider report does not match the payment", { service: "payments", paymentId, providerRef: charge.ref });
}

export interface Applied {
  payment: PaymentRow;
  changed: boolean;
}

/** Applies a provider report inside `tx` under the payment's row lock; undefined when there is no such payment. */
export async function applyChargeInTx(tx: PaymentsTx, paymentId: string, charge: ProviderCharge): Promise<Applied | undefined> {
  const [row] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
  if (!row) return undefined;
  const effect = effectOf(row, charge);
  if (effect.kind === "mismatch") logMismatch(paymentId, charge);
  if (effect.kind === "record-ref") {
    const [withRef] = await tx.update(payments).set({ providerRef: charge.ref }).where(eq(payments.id, paymentId)).returning();
    return { payment: withRef ?? row, changed: false };
  }
  if (effect.kind !== "move") return { payment: row, changed: false };
  const moved = await move(tx, row, charge, effect.to);
  if (!moved) throw new Error(`payment ${paymentId} changed under its row lock`);
  return { payment: moved, changed: true };
}

/**
 * Applies a provider's synchronous answer to the payment `seen` (as the caller last read it). The
 * usual answer moves it from there, in one statement; anything else is decided in a transaction.
 */
export async function applyCharge(db: PaymentsDb, seen: PaymentRow, charge: ProviderCharge): Promise<Applied> {
  const effect = effectOf(seen, charge);
  if (effect.kind === "move") {
    const moved = await move(db, seen, charge, effect.to);
    if (moved) return { payment: moved, changed: true };
  }
  const applied = await db.transaction((tx) => applyChargeInTx(tx, seen.id, charge));
  if (!applied) throw notFound(`no payment ${seen.id}`);
  return applied;
}

/**
 * Moves the payment from `from` to `to` if it still stands where `from` saw it (same status, same
 * provider reference): the update, the capture of a success and the outbox event, one statement
 * and so one transaction. Undefined, and nothing written, when it has moved since.
 */
async function move(q: PaymentsDb | PaymentsTx, from: PaymentRow, charge: ProviderCharge, to: ProviderStatus): Promise<PaymentRow | undefined> {
  const now = new Date();
  const failureReason = to === "failed" ? (charge.failureReason ?? "failed") : null;
  const moved = q.$with("moved").as(
    q
      .update(payments)
      .set({ status: to, providerRef: charge.ref, failureReason, updatedAt: now, ...(to === "succeeded" ? { capturedAt: now } : {}) })
      .where(and(eq(payments.id, from.id), eq(payments.status, from.status), from.providerRef === null ? isNull(payments.providerRef) : eq(payments.providerRef, from.providerRef)))
      .returning(),
  );
  const payload = eventPayload(from, failureReason);
  const announced = q.$with("announced", {}).as(
    sql`insert into ${outbox} (type, subject, payload) select ${PAYMENT_EVENT_TYPES[to]}, ${moved.id}, ${JSON.stringify(payload)}::jsonb from ${moved}`,
  );
  // A plain insert: were a second capture ever attempted, the primary key would abort it.
  const captured = q.$with("captured", {}).as(
    sql`insert into ${captures} (payment_id, amount, currency, provider_ref, captured_at) select ${moved.id}, ${moved.amount}, ${moved.currency}, ${moved.providerRef}, ${moved.capturedAt} from ${moved}`,
  );
  const [row] = await q.with(...(to === "succeeded" ? [moved, announced, captured] : [moved, announced])).select().from(moved);
  if (row) log("info", "payment status changed", { service: "payments", paymentId: from.id, orderId: from.orderId, from: from.status, to });
  return row;
}

/** The payload of the event a payment's new status publishes (contracts/payments/events.ts). */
function eventPayload(row: PaymentRow, failureReason: string | null): PaymentEventPayload {
  const payload: PaymentEventPayload = { paymentId: row.id, orderId: row.orderId, amount: row.amount, currency: row.currency as PaymentEventPayload["currency"] };
  if (failureReason) payload.failureReason = failureReason;
  return payload;
}
