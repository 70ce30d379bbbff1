import { AppError } from "../../platform/errors.ts";
import type { OrdersDb } from "./db.ts";
import type { Payment, PaymentsClient, PaymentsReader } from "./payments-client.ts";
import { applyPaymentOutcome } from "./transitions.ts";

/**
 * Cancels an order's payment at payments and applies what payments then says to the order (a
 * cancelled payment cancels the order and gives its units back, once). When payments refuses
 * because the payment moved on (it succeeded, failed, or is being processed), its word is taken
 * instead. Payments unreachable: throws PAYMENT_UNAVAILABLE and changes nothing here.
 */
export async function cancelOrderPayment(
  deps: { db: OrdersDb; payments: PaymentsClient & Partial<PaymentsReader> },
  orderId: string,
  paymentId: string,
  requestId?: string,
): Promise<void> {
  let payment: Payment;
  try {
    payment = await deps.payments.cancel(paymentId, requestId);
  } catch (err) {
    const refused = err instanceof AppError && err.status < 500;
    const get = deps.payments.get?.bind(deps.payments);
    if (!refused || !get) throw err;
    payment = await get(paymentId, requestId);
  }
  await deps.db.transaction((tx) => applyPaymentOutcome(tx, orderId, { ...payment, paymentId: payment.id }));
}
