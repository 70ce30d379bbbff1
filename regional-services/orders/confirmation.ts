import { AppError, notFound } from "../../platform/errors.ts";
import type { ConfirmationAction, Order, Owner } from "../../contracts/orders/api.ts";
import { awaitsConfirmation, endedUnpaid, isSold } from "../../domain/order-state.ts";
import type { OrdersDb } from "./db.ts";
import { loadOwnedOrder } from "./order-store.ts";
import type { PaymentsClient } from "./payments-client.ts";
import { applyPaymentOutcome } from "./transitions.ts";

/**
 * The shopper's answer to a payment's extra step (3-D Secure in real life): confirm or cancel it
 * at payments, then record the outcome. The payments feed may report the same outcome first;
 * both go through the order's row lock and the state machine, so nothing happens twice.
 */
export interface ConfirmationDeps {
  db: OrdersDb;
  payments: PaymentsClient;
}

/** Whether the order already shows what `action` would lead to, so asking again just answers. */
function alreadyDecided(order: Order, action: ConfirmationAction): boolean {
  // A confirmation has been decided once the order sold or its payment failed; a cancellation
  // once the order ended unpaid either way.
  if (action === "confirm") return isSold(order.status) || order.status === "payment_failed";
  return endedUnpaid(order.status);
}

/** Confirms or cancels the owner's waiting payment and returns the order as it then stands (404 for anyone else). */
export async function confirmPayment(deps: ConfirmationDeps, orderId: string, owner: Owner, action: ConfirmationAction, requestId?: string): Promise<Order> {
  const order = await loadOwnedOrder(deps.db, orderId, owner);
  if (!order) throw notFound(`no order ${orderId}`);
  if (alreadyDecided(order, action)) return order;
  const payment = order.payment;
  if (!payment || !awaitsConfirmation(order)) {
    throw new AppError("NO_ACTION_PENDING", `order ${orderId} is ${order.status.replaceAll("_", " ")} and has no payment step waiting`);
  }
  const result = action === "confirm" ? await deps.payments.confirm(payment.id, requestId) : await deps.payments.cancel(payment.id, requestId);
  await deps.db.transaction((tx) => applyPaymentOutcome(tx, orderId, { ...result, paymentId: result.id }));
  const after = await loadOwnedOrder(deps.db, orderId, owner);
  if (!after) throw notFound(`no order ${orderId}`);
  return after;
}
