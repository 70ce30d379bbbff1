import { and, asc, inArray, lt } from "drizzle-orm";
import { periodicTask } from "../../shared/periodic-task.ts";
import type { BackgroundTask } from "../../shared/lifecycle.ts";
import type { CustomersDb } from "../db.ts";
import { webhookDeliveries } from "./schema.ts";

/**
 * The delivery log is kept for WEBHOOK_DELIVERY_RETENTION_DAYS (30 by default): long enough to
 * look into a month's failures and replay one, without the table growing with every order for
 * ever. Only deliveries that are over (succeeded, or failed for good) go; one still pending or
 * retrying stays whatever its age. A feed event older than that is never fetched again (the
 * cursor only moves on), so a pruned delivery is not queued anew.
 */
export const DEFAULT_DELIVERY_RETENTION_DAYS = 30;
const PRUNE_BATCH = 1_000;
const DAY_MS = 24 * 60 * 60_000;
const ENDED = ["succeeded", "failed"] as const;

/** Deletes the deliveries that ended and were made more than `retentionDays` before `now`, in batches; returns how many. */
export async function pruneDeliveries(db: CustomersDb, now: Date, retentionDays: number): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  let pruned = 0;
  for (;;) {
    // Oldest first, a batch per statement: a first prune of a big log never holds one long lock.
    const batch = db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(inArray(webhookDeliveries.status, [...ENDED]), lt(webhookDeliveries.createdAt, cutoff)))
      .orderBy(asc(webhookDeliveries.seq))
      .limit(PRUNE_BATCH);
    const gone = await db.delete(webhookDeliveries).where(inArray(webhookDeliveries.id, batch)).returning({ id: webhookDeliveries.id });
    pruned += gone.length;
    if (gone.length < PRUNE_BATCH) return pruned;
  }
}

/** Prunes the delivery log every `intervalMs` (an hour by default), as a service background task. */
export function deliveryRetention(db: CustomersDb, retentionDays: number, intervalMs = 60 * 60_000): BackgroundTask {
  return periodicTask("webhook delivery retention", "customers", () => pruneDeliveries(db, new Date(), retentionDays), intervalMs);
}
