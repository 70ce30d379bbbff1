/**
 * When a failed webhook delivery is tried again. Attempt n (1-based, counting the one that just
 * failed) waits `base × 2^(n-1)`, capped at `max`, spread by ±`jitter` so that many deliveries
 * failing together (a receiver's outage) do not all return together. Retries stop `giveUpAfter`
 * after the first attempt: a retry that would fall later is not scheduled, and the delivery fails.
 *
 *   attempt:   1      2      3      4  ...   8      9 ...
 *   wait:     30 s   1 min  2 min  4 min    1 h    1 h     (base 30 s, max 1 h, before jitter)
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** Fraction of the wait added or taken away at random, 0 to 1. */
  jitter: number;
  /** How long after the first attempt retries go on. */
  giveUpAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 3_600_000, jitter: 0.2, giveUpAfterMs: 24 * 3_600_000 };

/** The wait after failed attempt `attempt`, before jitter. */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 40));
  return Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
}

/**
 * When to try again after failed attempt `attempt`, or null when the retries are over.
 * `random` is a number in [0, 1); 0.5 means no jitter.
 */
export function nextAttemptAt(policy: BackoffPolicy, attempt: number, firstAttemptAt: number, now: number, random: number): number | null {
  const delay = backoffDelayMs(policy, attempt);
  const jittered = Math.max(0, Math.round(delay * (1 + policy.jitter * (2 * random - 1))));
  const at = now + jittered;
  return at > firstAttemptAt + policy.giveUpAfterMs ? null : at;
}
