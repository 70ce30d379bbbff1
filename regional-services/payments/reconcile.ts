import { eq, sql } from "drizzle-orm";
import type { Currency } from "../../domain/money.ts";
import { log } from "../../platform/log.ts";
import type { BackgroundTask } from "../shared/lifecycle.ts";
import { periodicTask } from "../shared/periodic-task.ts";
import type { PaymentsDeps } from "./deps.ts";
import { askProvider } from "./refund-payment.ts";
import { applyRefund } from "./refund-transitions.ts";
import { payments, refunds, type PaymentRow, type RefundRow } from "./schema.ts";
import { applyCharge, type Applied } from "./transitions.ts";

/**
 * Payment reconciliation: a payment can stay in `processing` when the process died between asking
 * the provider and writing its answer, and the webhook that would have told us was lost too. The
 * job finds such payments and asks the provider where each charge really stands, then moves the
 * payment there through applyCharge — so the capture, the outbox event and (through the payments
 * feed) the order follow exactly as if the answer had arrived in time.
 *
 * A payment the provider never heard of is charged now, with the same reference, as the payments
 * service's own replay of a repeated request does ("finish its work for it"). It must not be
 * failed instead: a retried request of the shopper's may be about to reach the provider with that
 * reference, and its charge would then land on a payment already failed — money taken with no
 * capture. The fault run hit that race (a shopper retrying after a kill -9 of payments had their
 * success card answered 402 once reconciliation had failed the payment). Charging by reference cannot race: the provider makes one charge per reference, and
 * applyCharge applies its outcome once. An order cancelled meanwhile records a late success for a
 * refund (orders/abandoned.ts).
 */
export interface ReconcileOptions {
  /** A payment in processing for longer than this is considered stuck. */
  stuckAfterMs: number;
  /** At most this many payments per pass. */
  batch?: number;
}

export interface ReconcileResult {
  /** Payments claimed as stuck in this pass. */
  examined: number;
  /** Of those, the ones whose status changed. */
  moved: number;
  /** Of those, the ones the provider could not be asked about (tried again on a later pass). */
  failed: number;
}

const DEFAULT_BATCH = 50;

/**
 * Claims stuck payments. The claim bumps updated_at, so for another `stuckAfterMs` no other
 * instance (nor the next pass) takes the same payment; SKIP LOCKED keeps two instances that look
 * at the same moment from waiting on each other. Should two ever work on one payment, applyCharge
 * under the row lock applies the provider's answer once.
 */
async function claimStuck(deps: PaymentsDeps, options: ReconcileOptions): Promise<PaymentRow[]> {
  const limit = options.batch ?? DEFAULT_BATCH;
  const cutoff = sql`now() - (${options.stuckAfterMs} * interval '1 millisecond')`;
  return deps.db
    .update(payments)
    .set({ updatedAt: sql`now()` })
    .where(
      sql`${payments.id} in (select ${payments.id} from ${payments} where ${payments.status} = 'processing' and ${payments.updatedAt} < ${cutoff} order by ${payments.updatedAt} limit ${limit} for update skip locked)`,
    )
    .returning();
}

/** Moves one stuck payment to where the provider says its charge stands. */
async function reconcileOne(deps: PaymentsDeps, row: PaymentRow): Promise<Applied> {
  const charge =
    (await deps.provider.findCharge(row.id)) ??
    (await deps.provider.createPayment({ reference: row.id, amount: row.amount, currency: row.currency as Currency, token: row.token }));
  return applyCharge(deps.db, row, charge);
}

/** One pass: every stuck payment claimed now is brought to the provider's state. */
export async function reconcilePayments(deps: PaymentsDeps, options: ReconcileOptions): Promise<ReconcileResult> {
  return settleEach(await claimStuck(deps, options), "stuck payment", async (row) => {
    const applied = await reconcileOne(deps, row);
    if (applied.changed) log("info", "stuck payment reconciled", { service: "payments", paymentId: row.id, orderId: row.orderId, to: applied.payment.status });
    return applied.changed;
  });
}

/** Settles each claimed row in turn, counting what moved and what could not be asked about (left for a later pass). */
async function settleEach<T extends { id: string }>(rows: readonly T[], what: string, settle: (row: T) => Promise<boolean>): Promise<ReconcileResult> {
  let moved = 0;
  let failed = 0;
  for (const row of rows) {
    try {
      if (await settle(row)) moved++;
    } catch (err) {
      failed++;
      log("warn", `${what} not reconciled yet`, { service: "payments", id: row.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return { examined: rows.length, moved, failed };
}

/**
 * Refunds left pending: the provider's webhook was lost, or the process died before asking it.
 * Each is asked about by our refund id (the provider's idempotency key) and, if the provider never
 * received it, made now with that same id; the answer goes through applyRefund, so
 * `payment.refunded` still follows exactly once. A refund the provider still reports pending is
 * asked about again on a later pass.
 */
async function claimPendingRefunds(deps: PaymentsDeps, options: ReconcileOptions): Promise<RefundRow[]> {
  const limit = options.batch ?? DEFAULT_BATCH;
  const cutoff = sql`now() - (${options.stuckAfterMs} * interval '1 millisecond')`;
  return deps.db
    .update(refunds)
    .set({ updatedAt: sql`now()` })
    .where(
      sql`${refunds.id} in (select ${refunds.id} from ${refunds} where ${refunds.status} = 'pending' and ${refunds.updatedAt} < ${cutoff} order by ${refunds.updatedAt} limit ${limit} for update skip locked)`,
    )
    .returning();
}

async function reconcileRefund(deps: PaymentsDeps, row: RefundRow): Promise<boolean> {
  const reported = await deps.provider.findRefund(row.id);
  if (reported) return (await applyRefund(deps.db, row.id, reported)).changed;
  const [payment] = await deps.db.select().from(payments).where(eq(payments.id, row.paymentId));
  if (!payment) throw new Error(`refund ${row.id} has no payment`);
  return (await askProvider(deps, payment, row)).status !== "pending";
}

/** One pass over pending refunds; the same counts as reconcilePayments. */
export async function reconcileRefunds(deps: PaymentsDeps, options: ReconcileOptions): Promise<ReconcileResult> {
  return settleEach(await claimPendingRefunds(deps, options), "pending refund", (row) => reconcileRefund(deps, row));
}

export const DEFAULT_RECONCILE = { stuckAfterMs: 60_000, intervalMs: 15_000 };

/** The job as a service background task: stuck payments, then pending refunds, every `intervalMs`. */
export function reconcileTask(deps: PaymentsDeps, options: ReconcileOptions & { intervalMs: number }): BackgroundTask {
  return periodicTask("payment reconciliation", "payments", async () => {
    await reconcilePayments(deps, options);
    await reconcileRefunds(deps, options);
  }, options.intervalMs);
}
