import { and, eq, lt } from "drizzle-orm";
import { ABANDONED_AFTER_MS, ABANDONED_SWEEP_INTERVAL_MS } from "../../contracts/limits.ts";
import { AppError } from "../../platform/errors.ts";
import { log } from "../../platform/log.ts";
import { EventConsumer } from "../shared/outbox.ts";
import type { OrdersDb, OrdersSchema, OrdersTx } from "./db.ts";
import { PAYMENT_LEASE_MS } from "./payment-step.ts";
import { cancelOrderPayment } from "./payment-cancel.ts";
import type { PaymentsClient, PaymentsReader } from "./payments-client.ts";
import { applyPaymentEvent, PAYMENTS_FEED } from "./payments-feed.ts";
import { orders } from "./schema.ts";
import { applyOrderEvent } from "./transitions.ts";

/**
 * Orders nobody will finish: the shopper walked away at the extra payment step, or a checkout
 * died after placing its order and was never retried. Their units are held for nothing, so
 * after a while they are cancelled and the units go back on sale. Payments is asked first, and
 * only ever read: an order it took money for is marked paid instead, and while it cannot be
 * asked nothing is cancelled. (Resuming the payment with the stored token would start a charge
 * for an order the shopper may have given up on and placed again.)
 */
const BATCH = 100;

export interface SweepDeps {
  db: OrdersDb;
  /**
   * Without the reader (a test double), a refused cancellation is only logged, and an order with
   * no payment is cancelled on the strength of the feed as last read.
   */
  payments: PaymentsClient & Partial<PaymentsReader>;
}

/**
 * Reads payments' feed up to now (the same cursor the payments consumer keeps), so every payment
 * payments has settled is applied to its order before the sweep looks. False when it cannot.
 */
async function catchUpWithPayments(deps: SweepDeps): Promise<boolean> {
  const events = deps.payments.events?.bind(deps.payments);
  if (!events) return true;
  const feed = new EventConsumer<OrdersSchema>({ feed: PAYMENTS_FEED, db: deps.db, fetchEvents: (after) => events(after), apply: applyPaymentEvent });
  try {
    await feed.pollOnce();
    return true;
  } catch (err) {
    log("warn", "abandoned orders kept: payments could not be asked about them", { error: String(err) });
    return false;
  }
}

/** Cancels a payment still waiting for the shopper (cancelOrderPayment); one that cannot be is logged and left for the next sweep. */
async function settleWaitingPayment(deps: SweepDeps, orderId: string, paymentId: string): Promise<void> {
  try {
    await cancelOrderPayment(deps, orderId, paymentId);
  } catch (err) {
    log("warn", "abandoned order's payment could not be cancelled", { orderId, paymentId, reason: err instanceof AppError ? err.code : String(err) });
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
  const heard = await catchUpWithPayments(deps);
  const stale = await deps.db
    .select({ id: orders.id, paymentId: orders.paymentId })
    .from(orders)
    .where(and(eq(orders.status, "pending_payment"), lt(orders.createdAt, new Date(now - olderThanMs))))
    .orderBy(orders.createdAt)
    .limit(BATCH);
  for (const order of stale) {
    if (order.paymentId) await settleWaitingPayment(deps, order.id, order.paymentId);
    else if (heard) await deps.db.transaction((tx) => cancelUnpaid(tx, order.id, now));
  }
  if (stale.length > 0) log("info", "abandoned orders swept", { service: "orders", orders: stale.length });
  return stale.length;
}

/** Runs the sweep every `intervalMs` until stopped. */
export function startSweeper(deps: SweepDeps, intervalMs = ABANDONED_SWEEP_INTERVAL_MS): { stop(): Promise<void> } {
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
