import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { AppError } from "../../platform/errors.ts";
import type { Order } from "../../contracts/orders/api.ts";
import type { OrdersDb } from "./db.ts";
import { loadOrder } from "./order-store.ts";
import { paymentsUnavailable, type PaymentsClient } from "./payments-client.ts";
import { orders } from "./schema.ts";
import type { Timings } from "../../platform/server-timing.ts";
import { applyPaymentOutcome } from "./transitions.ts";

/**
 * Checkout's second step, after the order has committed: pay for it. It runs again whenever the
 * same checkout is retried, so a service that died between commit and payment is picked up by
 * the retry. Of several concurrent attempts one takes a short lease and calls payments; the
 * others wait for its outcome, so one checkout makes one payment call.
 */
export const PAYMENT_LEASE_MS = 15_000;
const WAIT_STEP_MS = 50;

export interface PaymentStepDeps {
  db: OrdersDb;
  payments: PaymentsClient;
  /** How long a duplicate waits for the attempt in flight before answering with the order as it is (default: past a lease). */
  waitMs?: number;
  /** Where the payments call's time is added (Server-Timing). */
  timings?: Timings | undefined;
}

/** What paying needs, read by the same statement that takes the lease. */
interface Lease {
  amount: number;
  currency: Order["currency"];
  token: string;
}

/**
 * Takes the job of paying for the order, unless someone else holds it or its payment is known;
 * answers what the payment needs, so taking the job costs one round trip.
 */
async function takeLease(db: OrdersDb, orderId: string): Promise<Lease | undefined> {
  const expired = new Date(Date.now() - PAYMENT_LEASE_MS);
  const [row] = await db
    .update(orders)
    .set({ paymentAttemptAt: sql`now()` })
    .where(
      and(
        eq(orders.id, orderId),
        eq(orders.status, "pending_payment"),
        isNull(orders.paymentId),
        or(isNull(orders.paymentAttemptAt), lt(orders.paymentAttemptAt, expired)),
      ),
    )
    .returning({ amount: orders.total, currency: orders.currency, token: orders.paymentToken });
  return row ? { ...row, currency: row.currency as Order["currency"] } : undefined;
}

async function dropLease(db: OrdersDb, orderId: string): Promise<void> {
  await db.update(orders).set({ paymentAttemptAt: null }).where(eq(orders.id, orderId));
}

const settled = (o: Order) => o.status !== "pending_payment" || o.payment !== null;

async function loadExisting(db: OrdersDb, orderId: string): Promise<Order> {
  const order = await loadOrder(db, orderId);
  if (!order) throw new Error(`order ${orderId} vanished`);
  return order;
}

/**
 * Pays for `orderId` with the token its checkout brought, unless its payment is already known,
 * and returns the order as it then stands. While another request holds the lease this one
 * waits; if that request died, its lease runs out and this one takes over. A payments outage
 * leaves the order waiting and answers 503: retrying the same checkout resumes right here.
 * The lease is tried first: it is only taken while the payment is unknown, so a new order (the
 * common case) goes straight to payments, and a settled one is read and answered.
 */
export async function payForOrder(deps: PaymentStepDeps, orderId: string, requestId?: string): Promise<Order> {
  const deadline = Date.now() + (deps.waitMs ?? PAYMENT_LEASE_MS + 5_000);
  for (;;) {
    const lease = await takeLease(deps.db, orderId);
    if (lease) return pay(deps, orderId, lease, requestId);
    const order = await loadExisting(deps.db, orderId);
    if (settled(order) || Date.now() >= deadline) return order;
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
}

function timeOf<T>(deps: PaymentStepDeps, name: string, work: () => Promise<T>): Promise<T> {
  return deps.timings ? deps.timings.time(name, work) : work();
}

async function pay(deps: PaymentStepDeps, orderId: string, lease: Lease, requestId: string | undefined): Promise<Order> {
  try {
    const payment =
      lease.amount === 0
        ? { id: null, status: "succeeded", brand: null, last4: null, failureReason: null }
        : await timeOf(deps, "payments", () => deps.payments.create({ orderId, amount: lease.amount, currency: lease.currency, token: lease.token }, requestId));
    await deps.db.transaction((tx) => applyPaymentOutcome(tx, orderId, { ...payment, paymentId: payment.id }));
  } catch (err) {
    await dropLease(deps.db, orderId);
    if (tokenRefused(err)) return refused(deps.db, orderId, err);
    // Anything else (an outage, a 401 or a 409 from payments) says nothing about the charge: the
    // order keeps waiting with its units, and retrying the checkout resumes here.
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    throw paymentsUnavailable();
  }
  return loadExisting(deps.db, orderId);
}

/**
 * Payments turned the card token itself down (400 VALIDATION_FAILED naming `token`: unknown or
 * expired). Only then is it certain that nothing was charged and this order can never be paid.
 */
function tokenRefused(err: unknown): err is AppError {
  if (!(err instanceof AppError) || err.status !== 400 || err.code !== "VALIDATION_FAILED") return false;
  const issues = (err.details as { issues?: unknown } | undefined)?.issues;
  return Array.isArray(issues) && issues.some((i: unknown) => (i as { path?: unknown } | null)?.path === "token");
}

/**
 * Payments refused to even start a payment for the token: nothing was charged, and this order
 * can never be paid, so it fails now and its units go back on sale.
 */
async function refused(db: OrdersDb, orderId: string, err: AppError): Promise<Order> {
  await db.transaction((tx) => applyPaymentOutcome(tx, orderId, { paymentId: null, status: "failed", failureReason: err.message }));
  return loadExisting(db, orderId);
}
