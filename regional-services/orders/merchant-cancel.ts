import { eq } from "drizzle-orm";
import { isOrderStatus, isSold } from "../../domain/order-state.ts";
import { notFound } from "../../platform/errors.ts";
import type { OrdersDb } from "./db.ts";
import { cancelOrderPayment } from "./payment-cancel.ts";
import { PAYMENT_LEASE_MS } from "./payment-step.ts";
import type { PaymentsClient, PaymentsReader } from "./payments-client.ts";
import { orders } from "./schema.ts";
import { applyOrderEvent, lockOrder, orderStateConflict } from "./transitions.ts";

/**
 * The merchant cancels an order still waiting for payment; its units go back on sale and its
 * promotion uses are given back, once (transitions.ts, under the order's row lock), however many
 * cancellations race. A paid order is not cancelled here: its money must go back first (refunds).
 */
export interface CancelDeps {
  db: OrdersDb;
  payments: PaymentsClient & Partial<PaymentsReader>;
}

export async function cancelUnpaidOrder(deps: CancelDeps, orderId: string, by: string, requestId?: string): Promise<void> {
  const [before] = await deps.db.select({ status: orders.status, paymentId: orders.paymentId }).from(orders).where(eq(orders.id, orderId));
  if (!before) throw notFound(`no order ${orderId}`);
  // A payment that exists is stopped at payments first, so it can no longer take the money; what
  // payments answers (cancelled, or that it went through) is applied to the order.
  if (before.status === "pending_payment" && before.paymentId !== null) await cancelOrderPayment(deps, orderId, before.paymentId, requestId);

  await deps.db.transaction(async (tx) => {
    const row = await lockOrder(tx, orderId);
    if (!row || !isOrderStatus(row.status)) throw notFound(`no order ${orderId}`);
    if (row.status === "cancelled") return;
    if (isSold(row.status)) throw orderStateConflict(`order ${orderId} is ${row.status.replaceAll("_", " ")}: refund it to cancel it (POST /merchant/orders/${orderId}/refunds)`);
    if (row.status !== "pending_payment") throw orderStateConflict(`order ${orderId} already ended unpaid (${row.status.replaceAll("_", " ")})`);
    if (row.paymentId !== null) throw orderStateConflict(`the payment of order ${orderId} is being processed; try again shortly`);
    // A checkout retried this moment holds the payment lease and is about to pay: let it finish.
    if (row.paymentAttemptAt && row.paymentAttemptAt.getTime() > Date.now() - PAYMENT_LEASE_MS) throw orderStateConflict(`order ${orderId} is being paid right now; try again shortly`);
    await applyOrderEvent(tx, orderId, "cancel", `cancelled by ${by}`);
  });
}
