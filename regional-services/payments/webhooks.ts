import { AppError } from "../../platform/errors.ts";
import { log } from "../../platform/log.ts";
import type { PaymentsDb, PaymentsTx } from "./db.ts";
import type { PaymentsDeps } from "./deps.ts";
import type { ProviderEvent } from "./providers/provider.ts";
import { webhookReceipts } from "./schema.ts";
import { applyRefundInTx } from "./refund-transitions.ts";
import { applyChargeInTx, changesNothing, effectOf, logMismatch } from "./transitions.ts";
import { findPayment } from "./views.ts";

export interface WebhookResult {
  /** The event id had been received before: nothing was done. */
  duplicate: boolean;
  /** The payment's (or the refund's) status changed. */
  changed: boolean;
}

const DUPLICATE: WebhookResult = { duplicate: true, changed: false };

/**
 * A provider's webhook delivery: verified against the raw body, then recorded and applied in one
 * transaction. The receipt's primary key is the event id, so a concurrent redelivery waits for
 * the first and then finds it recorded; a redelivery after a failed attempt applies afresh.
 *
 * Most charge reports arrive after the synchronous answer said the same, and change nothing: for
 * those the receipt alone is recorded, with no transaction or lock (see changesNothing).
 */
export async function receiveWebhook(deps: PaymentsDeps, rawBody: string, headers: Headers): Promise<WebhookResult> {
  if (!(await deps.provider.verifyWebhook(rawBody, headers))) {
    throw new AppError("BAD_SIGNATURE", "webhook signature is missing, invalid or too old");
  }
  const event = deps.provider.parseWebhook(rawBody);
  if (event.kind === "refund") {
    return deps.db.transaction(async (tx) => {
      if (!(await recordReceipt(deps, tx, event))) return DUPLICATE;
      const applied = await applyRefundInTx(tx, event.refund.reference, event.refund);
      if (!applied) log("warn", "webhook for an unknown refund", { service: "payments", eventId: event.id, refundId: event.refund.reference });
      return { duplicate: false, changed: applied?.changed ?? false };
    });
  }
  const { charge } = event;
  const payment = await findPayment(deps.db, charge.reference);
  const effect = payment && effectOf(payment, charge);
  if (!effect || changesNothing(effect)) {
    if (!(await recordReceipt(deps, deps.db, event))) return DUPLICATE;
    // Answer 2xx anyway: redelivering an event about a payment we never made cannot help.
    if (!effect) log("warn", "webhook for an unknown payment", { service: "payments", eventId: event.id, paymentId: charge.reference });
    if (effect?.kind === "mismatch") logMismatch(charge.reference, charge);
    return { duplicate: false, changed: false };
  }
  return deps.db.transaction(async (tx) => {
    if (!(await recordReceipt(deps, tx, event))) return DUPLICATE;
    const applied = await applyChargeInTx(tx, charge.reference, charge);
    return { duplicate: false, changed: applied?.changed ?? false };
  });
}

/** Records the event's receipt; false when it had been recorded before. */
async function recordReceipt(deps: PaymentsDeps, q: PaymentsDb | PaymentsTx, event: ProviderEvent): Promise<boolean> {
  const paymentId = event.kind === "charge" ? event.charge.reference : null;
  const inserted = await q
    .insert(webhookReceipts)
    .values({ eventId: event.id, provider: deps.provider.name, type: event.type, paymentId })
    .onConflictDoNothing()
    .returning({ eventId: webhookReceipts.eventId });
  return inserted.length > 0;
}
