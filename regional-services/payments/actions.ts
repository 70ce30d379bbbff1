import { AppError } from "../../platform/errors.ts";
import type { PaymentView } from "../../contracts/payments/api.ts";
import { awaitsShopper } from "../../domain/payment-state.ts";
import type { PaymentsDeps } from "./deps.ts";
import { callProvider } from "./provider-call.ts";
import { applyCharge } from "./transitions.ts";
import { getPayment, toView } from "./views.ts";

/**
 * The shopper's answer to the extra check (3-D Secure in real life). Confirming a payment that has
 * already succeeded, or cancelling one already cancelled, answers with it unchanged, so the orders
 * service can retry either safely. The provider's answer is applied like any webhook, so a webhook
 * racing the shopper's confirmation changes nothing twice.
 */
export function confirmPayment(deps: PaymentsDeps, id: string): Promise<PaymentView> {
  return settle(deps, id, "confirm");
}

export function cancelPayment(deps: PaymentsDeps, id: string): Promise<PaymentView> {
  return settle(deps, id, "cancel");
}

const DONE = { confirm: "succeeded", cancel: "cancelled" } as const;

async function settle(deps: PaymentsDeps, id: string, action: "confirm" | "cancel"): Promise<PaymentView> {
  const row = await getPayment(deps.db, id);
  if (row.status === DONE[action]) return toView(row);
  if (!awaitsShopper(row.status) || row.providerRef === null) {
    throw new AppError(action === "confirm" ? "PAYMENT_NOT_CONFIRMABLE" : "PAYMENT_NOT_CANCELLABLE", `payment ${id} is ${row.status}, not awaiting confirmation`, {
      status: row.status,
    });
  }
  const ref = row.providerRef;
  const charge = await callProvider(action, () => (action === "confirm" ? deps.provider.confirm(ref) : deps.provider.cancel(ref)));
  return toView((await applyCharge(deps.db, row, charge)).payment);
}
