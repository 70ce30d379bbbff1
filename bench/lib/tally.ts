import { failureKey, isOutOfStock, type Outcome } from "./timed-fetch.ts";

/**
 * The requests of one kind (or one step) within one stretch of a load: every latency, failures by
 * status, and 409 OUT_OF_STOCK answers apart, since those are correct when stock truly ran out
 * (the caller decides afterwards, and adds the wrongful ones to `errors`).
 */
export interface Tally {
  requests: number;
  /** Every request's time to the last byte, ms, failures included: a 30 s timeout is slow too. */
  latencies: number[];
  errors: Record<string, number>;
  outOfStock: number;
}

export function emptyTally(): Tally {
  return { requests: 0, latencies: [], errors: {}, outOfStock: 0 };
}

export function count(t: Tally, o: Outcome): void {
  t.requests++;
  t.latencies.push(o.ms);
  if (isOutOfStock(o)) t.outOfStock++;
  else if (!o.ok) {
    const key = failureKey(o);
    t.errors[key] = (t.errors[key] ?? 0) + 1;
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export interface Figures {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errorCount: number;
  /** "500×2 timeout×1", or "none". */
  errors: string;
}

export function errorTotal(errors: Readonly<Record<string, number>>): number {
  return Object.values(errors).reduce((a, b) => a + b, 0);
}

export function describeErrors(errors: Readonly<Record<string, number>>): string {
  return Object.entries(errors).map(([status, n]) => `${status}×${n}`).join(" ") || "none";
}

/** `t` over a stretch of `seconds`: req/s to one decimal, percentiles in whole ms. */
export function figures(t: Tally, seconds: number): Figures {
  const sorted = [...t.latencies].sort((a, b) => a - b);
  return {
    requests: t.requests,
    rps: Math.round((t.requests / Math.max(0.001, seconds)) * 10) / 10,
    p50: Math.round(percentile(sorted, 50)),
    p95: Math.round(percentile(sorted, 95)),
    p99: Math.round(percentile(sorted, 99)),
    errorCount: errorTotal(t.errors),
    errors: describeErrors(t.errors),
  };
}
