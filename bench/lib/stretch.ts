import { parseServerTiming } from "../../platform/server-timing.ts";
import { StepTimes } from "./step-times.ts";
import { count, emptyTally, type Tally } from "./tally.ts";
import { isOutOfStock, type Outcome } from "./timed-fetch.ts";

/** What a shopper's request is for, as the issue splits the mix: browse 80 %, cart 15 %, checkout 5 %. */
export const KINDS = ["browse", "cart", "checkout"] as const;
export type Kind = (typeof KINDS)[number];

/**
 * One stretch of a load (calm, spike, after): the requests sent while it ran, by kind and by
 * step, however long they take to answer. A request belongs to the stretch it was sent in, so a
 * stretch is summarised only once its last request has answered (`settled`), while the next one
 * already runs; its req/s are over its own duration.
 */
export class Stretch {
  readonly startedAt = performance.now();
  private endedAt: number | undefined;
  readonly kinds: Record<Kind, Tally> = { browse: emptyTally(), cart: emptyTally(), checkout: emptyTally() };
  /**
   * By step ("product page", "add to cart"), in the order first sent, with the edge cache layer
   * that answered each catalog read (`x-edgeshop-cache`: hit-memory, hit-cache, miss, stale).
   */
  readonly steps = new Map<string, { kind: Kind; tally: Tally; cache: Map<string, Tally> }>();
  /** Each successful checkout's Server-Timing: where its time went (edge, orders, payments). */
  readonly checkoutTimings = new StepTimes();
  /** Shopper sessions that arrived (began) in this stretch. */
  arrivals = 0;
  /** How late the generator started arrivals, at worst: it shares the machine with the stack. */
  maxArrivalLagMs = 0;
  checkouts = 0;
  /** The probes' requests by probe (open-loop.ts): the latency floor of the machine during this stretch. */
  readonly probes = new Map<string, Tally>();
  /** The machine's 1-minute load average as the stretch began and ended. */
  readonly loadAverage = { before: 0, after: 0 };
  /** Each 409 OUT_OF_STOCK answer: the variant it was about, to check against the stock afterwards. */
  readonly outOfStock: { variantId: string; kind: Kind; step: string }[] = [];
  private inFlight = 0;
  private waiting: (() => void)[] = [];

  readonly label: string;
  /** The offered arrival rate, shopper sessions per second. */
  readonly sessionsPerSecond: number;

  constructor(label: string, sessionsPerSecond: number) {
    this.label = label;
    this.sessionsPerSecond = sessionsPerSecond;
  }

  /** Marks a request as sent now; the returned function records its outcome (once). */
  send(kind: Kind, step: string): (o: Outcome, variantId?: string) => void {
    this.inFlight++;
    const entry = this.steps.get(step) ?? { kind, tally: emptyTally(), cache: new Map<string, Tally>() };
    this.steps.set(step, entry);
    return (o, variantId) => {
      count(this.kinds[kind], o);
      count(entry.tally, o);
      const layer = o.kind === "answer" ? o.headers.get("x-edgeshop-cache") : null;
      if (layer) {
        const byLayer = entry.cache.get(layer) ?? emptyTally();
        entry.cache.set(layer, byLayer);
        count(byLayer, o);
      }
      if (isOutOfStock(o) && variantId) this.outOfStock.push({ variantId, kind, step });
      if (kind === "checkout" && o.kind === "answer" && o.ok) {
        this.checkouts++;
        this.checkoutTimings.record(parseServerTiming(o.headers.get("server-timing")), o.ms);
      }
      if (--this.inFlight === 0 && this.endedAt !== undefined) this.release();
    };
  }

  /**
   * Turns the OUT_OF_STOCK answers about `variants` (which still had units when checked) into
   * errors of their kind and step.
   */
  countAsErrors(variants: ReadonlySet<string>): void {
    const key = "409 OUT_OF_STOCK with stock left";
    for (const { variantId, kind, step } of this.outOfStock) {
      if (!variants.has(variantId)) continue;
      for (const t of [this.kinds[kind], this.steps.get(step)?.tally]) {
        if (!t) continue;
        t.outOfStock--;
        t.errors[key] = (t.errors[key] ?? 0) + 1;
      }
    }
  }

  end(): void {
    this.endedAt ??= performance.now();
    if (this.inFlight === 0) this.release();
  }

  seconds(): number {
    return ((this.endedAt ?? performance.now()) - this.startedAt) / 1000;
  }

  /** Resolves once the stretch has ended and every request sent in it has answered or failed. */
  settled(): Promise<void> {
    if (this.endedAt !== undefined && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}
