import { and, eq, lt } from "drizzle-orm";
import { AppError } from "../../domain/errors.ts";
import { log } from "../../platform/log.ts";
import type { OrdersDb, OrdersTx } from "./db.ts";
import { PAYMENT_LEASE_MS } from "./payment-step.ts";
import type { PaymentsClient } from "./payments-client.ts";
import { orders } from "./schema.ts";
import { applyOrderEvent, applyPaymentOutcome } from "./transitions.ts";

/**
 * Orders nobody will finish: the shopper walked away at the extra payment step, or a checkout
 * died after placing its order and was never retried. Their units are held for nothing, so
 * after a while they are cancelled and the units go back on sale. A payment waiting for the
 * shopper is cancelled at payments first, so it can never be confirmed for a cancelled order.
 */
export const ABANDONED_AFTER_MS = 30 * 60_000;
const BATCH = 100;

export interface SweepDeps {
  db: OrdersDb;
  payments: PaymentsClient;
}

async function cancelWaitingPayment(deps: SweepDeps, orderId: string, paymentId: string): Promise<void> {
  try {
    const payment = await deps.payments.cancel(paymentId);
    await deps.db.transaction((tx) => applyPaymentOutcome(tx, orderId, { ...payment, paymentId: payment.id }));
  } catch (err) {
    // Refused (it succeeded meanwhile) or unreachable: the payments feed settles it either way.
    const reason = err instanceof AppError ? err.code : String(err);
    log("warn", "abandoned order's payment could not be cancelled", { orderId, paymentId, reason });
  }
}

/**
 * Checked again under the row lock, which a retried checkout also takes to start paying: either
 * the retry pays and this leaves the order alone, or this cancels and the retry finds it cancelled.
 */
async function cancelUnpaid(tx: OrdersTx, orderId: string, now: number): Promise<void> {
  const [row] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  if (!row || row.status !== "pending_payment" || row.paymentId !== null) return;
  if (row.paymentAttemptAt && row.paymentAttemptAt.getTime() > now - PAYMENT_LEASE_MS) return;
  await applyOrderEvent(tx, orderId, "cancel", "abandoned before payment");
}

/** Cancels orders still waiting for payment `olderThanMs` after they were placed; returns how many it looked at. */
export async function sweepAbandonedOrders(deps: SweepDeps, olderThanMs = ABANDONED_AFTER_MS, now = Date.now()): Promise<number> {
  const stale = await deps.db
    .select({ id: orders.id, paymentId: orders.paymentId })
    .from(orders)
    .where(and(eq(orders.status, "pending_payment"), lt(orders.createdAt, new Date(now - olderThanMs))))
    .orderBy(orders.createdAt)
    .limit(BATCH);
  for (const order of stale) {
    if (order.paymentId) await cancelWaitingPayment(deps, order.id, order.paymentId);
    else await deps.db.transaction((tx) => cancelUnpaid(tx, order.id, now));
  }
  if (stale.length > 0) log("info", "abandoned orders swept", { service: "orders", orders: stale.length });
  return stale.length;
}

/** Runs the sweep every `intervalMs` until stopped. */
export function startSweeper(deps: SweepDeps, intervalMs = 60_000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = sweepAbandonedOrders(deps).catch((err: unknown) => log("warn", "abandoned order sweep failed", { error: String(err) }));
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
