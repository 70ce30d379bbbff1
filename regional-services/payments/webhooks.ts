import { eq } from "drizzle-orm";
import { AppError } from "../../platform/errors.ts";
import { log } from "../../platform/log.ts";
import type { PaymentsDeps } from "./deps.ts";
import { payments, webhookReceipts } from "./schema.ts";
import { applyRefundInTx } from "./refund-transitions.ts";
import { applyChargeInTx } from "./transitions.ts";

export interface WebhookResult {
  /** The event id had been received before: nothing was done. */
  duplicate: boolean;
  /** The payment's (or the refund's) status changed. */
  changed: boolean;
}

/**
 * A provider's webhook delivery: verified against the raw body, then recorded and applied in one
 * transaction. The receipt's primary key is the event id, so a concurrent redelivery waits for
 * the first and then finds it recorded; a redelivery after a failed attempt applies afresh.
 */
export async function receiveWebhook(deps: PaymentsDeps, rawBody: string, headers: Headers): Promise<WebhookResult> {
  if (!(await deps.provider.verifyWebhook(rawBody, headers))) {
    throw new AppError("BAD_SIGNATURE", "webhook signature is missing, invalid or too old");
  }
  const event = deps.provider.parseWebhook(rawBody);
  const paymentId = event.kind === "charge" ? event.charge.reference : null;
  return deps.db.transaction(async (tx) => {
    const [receipt] = await tx
      .insert(webhookReceipts)
      .values({ eventId: event.id, provider: deps.provider.name, type: event.type, paymentId })
      .onConflictDoNothing()
      .returning();
    if (!receipt) return { duplicate: true, changed: false };
    if (event.kind === "refund") {
      const applied = await applyRefundInTx(tx, event.refund.reference, event.refund);
      if (!applied) log("warn", "webhook for an unknown refund", { service: "payments", eventId: event.id, refundId: event.refund.reference });
      return { duplicate: false, changed: applied?.changed ?? false };
    }
    const [known] = await tx.select({ id: payments.id }).from(payments).where(eq(payments.id, event.charge.reference));
    if (!known) {
      // Answer 2xx anyway: redelivering an event about a payment we never made cannot help.
      log("warn", "webhook for an unknown payment", { service: "payments", eventId: event.id, paymentId: event.charge.reference });
      return { duplicate: false, changed: false };
    }
    const applied = await applyChargeInTx(tx, event.charge.reference, event.charge);
    return { duplicate: false, changed: applied.changed };
  });
}
