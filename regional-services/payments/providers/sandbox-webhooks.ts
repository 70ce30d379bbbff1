import { eq, sql } from "drizzle-orm";
import { log } from "../../../platform/log.ts";
import type { PaymentsDb } from "../db.ts";
import { sandboxWebhookEvents } from "../schema.ts";
import { SANDBOX_SIGNATURE_HEADER, signWebhook } from "./sandbox-signature.ts";

export interface WebhookDeliveryOptions {
  /** Pause between a charge changing and the first attempt: the "a few ms later" of real providers. */
  delayMs?: number;
  maxAttempts?: number;
  /** First retry after this long, doubling each time. */
  backoffMs?: number;
  /** Chance that a delivered event is sent once more, as real providers sometimes do. */
  duplicateRate?: number;
  /** How often due events are looked for even without a kick (retries, events left by a restart). */
  sweepIntervalMs?: number;
  timeoutMs?: number;
}

interface DueEvent {
  id: string;
  payload: unknown;
  attempts: number;
}

/** While claimed, an event is not due again, so two sweepers never send it at the same time. */
const CLAIM_MS = 30_000;
const BATCH = 50;
const after = (ms: number) => sql`now() + (${ms} * interval '1 millisecond')`;

/**
 * Delivers the sandbox's stored webhook events to the payments service, signed, retrying failed
 * deliveries with backoff and giving up after `maxAttempts`. Events are claimed with
 * FOR UPDATE SKIP LOCKED, so several service processes may run one each.
 */
export class SandboxWebhookDispatcher {
  private readonly db: PaymentsDb;
  private readonly secret: string;
  private readonly tuning: Required<WebhookDeliveryOptions>;
  private url: string | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(db: PaymentsDb, secret: string, options: WebhookDeliveryOptions = {}) {
    this.db = db;
    this.secret = secret;
    this.tuning = { delayMs: 5, maxAttempts: 5, backoffMs: 100, duplicateRate: 0.1, sweepIntervalMs: 1000, timeoutMs: 5000, ...options };
  }

  /** Begins delivering to `url` (the service's own /webhooks/sandbox), including events stored earlier. */
  start(url: string): void {
    this.url = url;
    this.kick();
    const periodic = () => {
      this.later(this.tuning.sweepIntervalMs, () => {
        this.kick(0);
        periodic();
      });
    };
    periodic();
  }

  /** Something became due: sweep soon. */
  kick(delayMs = this.tuning.delayMs): void {
    this.later(delayMs, () => {
      this.sweep().catch((err: unknown) => log("warn", "sandbox webhook sweep failed", { service: "payments", error: String(err) }));
    });
  }

  /** An event falls due `ms` from now (a refund settling): sweep then, after the usual pause. */
  kickAfter(ms = 0): void {
    this.kick(this.tuning.delayMs + ms);
  }

  /** Delivers everything due now. Sweeps never overlap; a kick during one makes it go round again. */
  sweep(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.running?.catch(() => undefined);
  }

  private later(ms: number, fn: () => void): void {
    if (this.stopped || !this.url) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(timer);
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      const due = await this.claim();
      await Promise.all(due.map((event) => this.attempt(event)));
      if (due.length === BATCH) this.again = true;
    } while (this.again && !this.stopped);
  }

  /**
   * Claims what is due in one statement: the attempt is counted and the event pushed CLAIM_MS
   * ahead, and SKIP LOCKED keeps two sweepers that look at the same moment from waiting on each other.
   */
  private claim(): Promise<DueEvent[]> {
    const t = sandboxWebhookEvents;
    const due = sql`select ${t.id} from ${t} where ${t.state} = 'pending' and ${t.nextAttemptAt} <= now() order by ${t.createdAt} limit ${BATCH} for update skip locked`;
    return this.db
      .update(t)
      .set({ attempts: sql`${t.attempts} + 1`, nextAttemptAt: after(CLAIM_MS) })
      .where(sql`${t.id} in (${due})`)
      .returning({ id: t.id, payload: t.payload, attempts: t.attempts });
  }

  private async attempt(event: DueEvent): Promise<void> {
    const t = sandboxWebhookEvents;
    const error = await this.post(event.payload);
    if (error === undefined) {
      await this.db.update(t).set({ state: "delivered", deliveredAt: new Date(), lastError: null }).where(eq(t.id, event.id));
      if (Math.random() < this.tuning.duplicateRate) await this.post(event.payload);
      return;
    }
    if (event.attempts >= this.tuning.maxAttempts) {
      log("warn", "sandbox webhook given up", { service: "payments", eventId: event.id, attempts: event.attempts, error });
      await this.db.update(t).set({ state: "failed", lastError: error }).where(eq(t.id, event.id));
      return;
    }
    const wait = this.tuning.backoffMs * 2 ** (event.attempts - 1);
    await this.db.update(t).set({ nextAttemptAt: after(wait), lastError: error }).where(eq(t.id, event.id));
    this.kick(wait);
  }

  /** One signed POST; undefined when the receiver answered 2xx, otherwise why not. */
  private async post(payload: unknown): Promise<string | undefined> {
    if (!this.url) return "no webhook url";
    const body = JSON.stringify(payload);
    try {
      const res = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json", [SANDBOX_SIGNATURE_HEADER]: await signWebhook(this.secret, body) },
        body,
        signal: AbortSignal.timeout(this.tuning.timeoutMs),
      });
      await res.body?.cancel();
      return res.ok ? undefined : `HTTP ${res.status}`;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }
}
