import { sql } from "drizzle-orm";
import { log } from "../../platform/log.ts";
import type { BackgroundTask } from "../shared/lifecycle.ts";
import type { PaymentsDeps } from "./deps.ts";
import { payments, type PaymentRow } from "./schema.ts";
import { applyCharge, failNeverSent, type Applied } from "./transitions.ts";

/**
 * Payment reconciliation: a payment can stay in `processing` when the process died between asking
 * the provider and writing its answer, and the webhook that would have told us was lost too. The
 * job finds such payments and asks the provider where each charge really stands, then moves the
 * payment there through applyCharge — so the capture, the outbox event and (through the payments
 * feed) the order follow exactly as if the answer had arrived in time.
 *
 * A payment the provider never heard of is failed (NEVER_SENT), not charged now: the shopper may
 * have given up and paid for a new order meanwhile (the orders sweeper refuses to resume a
 * payment for the same reason), and a failed payment releases the order's units. A request that
 * could still reach the provider later would race this, which is why only payments untouched for
 * `stuckAfterMs` (far longer than any provider call may take) are looked at.
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
  const charge = await deps.provider.findCharge(row.id);
  return charge ? applyCharge(deps.db, row.id, charge) : failNeverSent(deps.db, row.id);
}

/** One pass: every stuck payment claimed now is brought to the provider's state. */
export async function reconcilePayments(deps: PaymentsDeps, options: ReconcileOptions): Promise<ReconcileResult> {
  const stuck = await claimStuck(deps, options);
  let moved = 0;
  let failed = 0;
  for (const row of stuck) {
    try {
      const applied = await reconcileOne(deps, row);
      if (applied.changed) {
        moved++;
        log("info", "stuck payment reconciled", { service: "payments", paymentId: row.id, orderId: row.orderId, to: applied.payment.status });
      }
    } catch (err) {
      failed++;
      log("warn", "stuck payment not reconciled yet", { service: "payments", paymentId: row.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return { examined: stuck.length, moved, failed };
}

export const DEFAULT_RECONCILE = { stuckAfterMs: 60_000, intervalMs: 15_000 };

/** The job as a service background task: a pass every `intervalMs`, never two at once. */
export function reconcileTask(deps: PaymentsDeps, options: ReconcileOptions & { intervalMs: number }): BackgroundTask {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = reconcilePayments(deps, options)
        .catch((err: unknown) => log("warn", "payment reconciliation pass failed", { service: "payments", error: String(err) }))
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, options.intervalMs);
  };
  return {
    start: schedule,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
