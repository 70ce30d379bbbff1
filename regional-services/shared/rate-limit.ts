import type { Redis } from "@upstash/redis";

export interface RateLimitRule {
  /** Calls allowed per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Calls left in the current window after this one. */
  remaining: number;
  /** When refused: how long until the window resets; 0 when allowed. */
  retryAfterMs: number;
}

function assertRule({ limit, windowMs }: RateLimitRule): void {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`rate limit must be a positive integer, got ${limit}`);
  if (!Number.isSafeInteger(windowMs) || windowMs < 1) throw new RangeError(`rate window must be a positive integer of ms, got ${windowMs}`);
}

/**
 * Counts one call against `key` in a fixed window and says whether it may go ahead.
 *
 * INCR, PEXPIRE NX and PTTL go in one MULTI/EXEC: the first call of a window starts its clock
 * and later calls cannot extend it, and no crash between the steps can leave a counter that
 * never expires. Refused calls still count, so hammering a limit does not shorten the wait.
 * Redis errors are thrown; whether to fail open or closed is the caller's decision.
 */
export async function rateLimit(redis: Redis, key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
  assertRule(rule);
  const [count, , ttl] = await redis.multi().incr(key).pexpire(key, rule.windowMs, "NX").pttl(key).exec<[number, number, number]>();
  const allowed = count <= rule.limit;
  return {
    allowed,
    remaining: Math.max(0, rule.limit - count),
    retryAfterMs: allowed ? 0 : ttl > 0 ? ttl : rule.windowMs,
  };
}
