import { and, asc, eq, inArray, isNull, lte, or } from "drizzle-orm";
import { DEFAULT_BACKOFF, nextAttemptAt, type BackoffPolicy } from "../../../domain/webhooks/backoff.ts";
import { EVENT_ID_HEADER_NAME, SIGNATURE_HEADER_NAME, signatureHeader } from "../../../domain/webhooks/signature.ts";
import { log } from "../../../platform/log.ts";
import { keepClaimAlive } from "../../shared/claim-lease.ts";
import type { BackgroundTask } from "../../shared/lifecycle.ts";
import type { CustomersDb } from "../db.ts";
import { deliveryBody } from "./deliveries.ts";
import type { DestinationPolicy } from "./destination.ts";
import { webhookDeliveries, webhookEndpoints, type WebhookDeliveryRow } from "./schema.ts";
import { postWebhook, type SendOutcome } from "./send.ts";

/**
 * Sends due deliveries. A dispatcher claims a batch by writing its name and a short lease on the
 * rows (`for update skip locked`, so two dispatchers never claim the same row), renews the lease
 * while it sends (claim-lease.ts), and records each outcome only while it still holds the claim.
 * When a dispatcher dies mid-send, its lease lapses within `leaseMs` and another sends the row
 * again: at least once, never twice at the same time; a row that succeeded is never sent again.
 */
export interface DispatcherOptions {
  db: CustomersDb;
  policy: DestinationPolicy;
  backoff?: BackoffPolicy;
  /** How long a claim holds without renewal. */
  leaseMs?: number;
  /** How long a receiver has to answer. */
  timeoutMs?: number;
  /** Pause between polls when nothing was due. */
  intervalMs?: number;
  /** Rows claimed, and sent concurrently, at a time. */
  batchSize?: number;
  /** This dispatcher's name on its claims. */
  name?: string;
}

const USER_AGENT = "edgeshop-webhooks/1";

export class WebhookDispatcher implements BackgroundTask {
  private readonly options: Required<DispatcherOptions>;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(options: DispatcherOptions) {
    this.options = {
      backoff: DEFAULT_BACKOFF,
      leaseMs: 30_000,
      timeoutMs: 10_000,
      intervalMs: 1_000,
      batchSize: 10,
      name: `dispatcher-${crypto.randomUUID()}`,
      // An option given as undefined keeps its default.
      ...(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as DispatcherOptions),
    };
  }

  /** Sends everything due now, batch after batch; returns how many attempts were made. Calls never overlap. */
  runOnce(): Promise<number> {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async drain(): Promise<number> {
    let sent = 0;
    while (!this.stopped) {
      const claimed = await this.claim();
      if (claimed.length === 0) break;
      await Promise.all(claimed.map((row) => this.attempt(row)));
      sent += claimed.length;
    }
    return sent;
  }

  /** Marks up to a batch of due, unclaimed rows as this dispatcher's until the lease ends. */
  private async claim(): Promise<WebhookDeliveryRow[]> {
    const { db, leaseMs, batchSize, name } = this.options;
    const now = new Date();
    const due = db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(
        and(
          inArray(webhookDeliveries.status, ["pending", "retrying"]),
          lte(webhookDeliveries.nextAttemptAt, now),
          or(isNull(webhookDeliveries.leaseUntil), lte(webhookDeliveries.leaseUntil, now)),
        ),
      )
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(batchSize)
      .for("update", { skipLocked: true });
    return db
      .update(webhookDeliveries)
      .set({ leaseOwner: name, leaseUntil: new Date(now.getTime() + leaseMs) })
      .where(inArray(webhookDeliveries.id, due))
      .returning();
  }

  /** A condition true only while this dispatcher still holds the row's claim. */
  private held(row: WebhookDeliveryRow) {
    return and(eq(webhookDeliveries.id, row.id), eq(webhookDeliveries.leaseOwner, this.options.name));
  }

  private async attempt(row: WebhookDeliveryRow): Promise<void> {
    const { db, leaseMs } = this.options;
    const lease = keepClaimAlive(
      () => db.update(webhookDeliveries).set({ leaseUntil: new Date(Date.now() + leaseMs) }).where(this.held(row)).catch(() => undefined),
      leaseMs,
    );
    try {
      const outcome = await this.send(row);
      await lease.stop();
      await this.record(row, outcome);
    } catch (err) {
      await lease.stop();
      // The row stays claimed until its lease ends, then is tried again: nothing is lost.
      log("error", "webhook delivery attempt failed on our side", { delivery: row.id, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private async send(row: WebhookDeliveryRow): Promise<SendOutcome> {
    const [endpoint] = await this.options.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, row.endpointId)).limit(1);
    if (!endpoint || endpoint.deletedAt || !endpoint.enabled) return { kind: "refused", error: "the endpoint is disabled or deleted" };
    const body = JSON.stringify(deliveryBody(row));
    const headers = {
      "content-type": "application/json",
      "user-agent": USER_AGENT,
      [SIGNATURE_HEADER_NAME]: await signatureHeader(endpoint.secret, body, Date.now() / 1000),
      [EVENT_ID_HEADER_NAME]: row.eventId,
      "Edgeshop-Delivery-Id": row.id,
    };
    return postWebhook(endpoint.url, body, headers, this.options.policy, this.options.timeoutMs);
  }

  /** Succeeded on a 2xx; else retried on the schedule until a day after the first attempt, then failed. */
  private async record(row: WebhookDeliveryRow, outcome: SendOutcome): Promise<void> {
    const now = new Date();
    const attempts = row.attempts + 1;
    const firstAttemptAt = row.firstAttemptAt ?? now;
    const succeeded = outcome.kind === "answered" && outcome.status >= 200 && outcome.status < 300;
    const retryAt = succeeded || outcome.kind === "refused" ? null : nextAttemptAt(this.options.backoff, attempts, firstAttemptAt.getTime(), now.getTime(), Math.random());
    const status = succeeded ? "succeeded" : retryAt === null ? "failed" : "retrying";
    const updated = await this.options.db
      .update(webhookDeliveries)
      .set({
        status,
        attempts,
        firstAttemptAt,
        lastAttemptAt: now,
        nextAttemptAt: retryAt === null ? null : new Date(retryAt),
        lastResponseCode: outcome.kind === "answered" ? outcome.status : null,
        lastResponseBody: outcome.kind === "answered" ? outcome.body : null,
        lastError: succeeded ? null : outcome.kind === "answered" ? `the receiver answered ${outcome.status}` : outcome.error,
        leaseOwner: null,
        leaseUntil: null,
      })
      .where(this.held(row))
      .returning({ id: webhookDeliveries.id });
    if (updated.length === 0) log("warn", "webhook delivery sent after its claim lapsed; another dispatcher has it", { delivery: row.id, status });
  }

  start(): void {
    const tick = async () => {
      if (this.stopped) return;
      try {
        await this.runOnce();
      } catch (err) {
        log("error", "webhook dispatcher poll failed", { error: err instanceof Error ? err.message : String(err) });
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}
