import { createHash } from "node:crypto";
import { log } from "../../platform/log.ts";

/**
 * Sign-in attempts are limited per email (guessing one account's password) and per client
 * (trying many accounts from one place). Every attempt counts, and the check runs before any
 * scrypt work, so a flood of attempts cannot burn the service's CPU either.
 */
export interface RateRule {
  limit: number;
  windowMs: number;
}

export interface RateDecision {
  allowed: boolean;
  /** When refused: how long until the window lets another attempt through. */
  retryAfterMs: number;
}

/** One counter check-and-increment; service.ts backs it with Redis. */
export type RateCheck = (key: string, rule: RateRule) => Promise<RateDecision>;

export interface SignInLimits {
  perEmail: RateRule;
  perClient: RateRule;
}

export const DEFAULT_SIGN_IN_LIMITS: Readonly<SignInLimits> = Object.freeze({
  perEmail: { limit: 10, windowMs: 15 * 60_000 },
  perClient: { limit: 100, windowMs: 15 * 60_000 },
});

export type AttemptDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface SignInLimiter {
  /** Counts one attempt and says whether it may go ahead. */
  attempt(email: string, clientKey: string | undefined): Promise<AttemptDecision>;
}

/** Emails are hashed into keys, so the rate-limit store holds no personal data. */
function emailKey(email: string): string {
  return createHash("sha256").update(email).digest("base64url");
}

export function signInLimiter(check: RateCheck, options: { prefix?: string; limits?: SignInLimits } = {}): SignInLimiter {
  const prefix = options.prefix ?? "customers:signin:";
  const limits = options.limits ?? DEFAULT_SIGN_IN_LIMITS;
  const guarded = async (key: string, rule: RateRule): Promise<RateDecision> => {
    try {
      return await check(key, rule);
    } catch (err) {
      // Failing open keeps sign-in working through a Redis outage; the outage itself is logged loudly.
      log("error", "sign-in rate limit unavailable", { error: err instanceof Error ? err.message : String(err) });
      return { allowed: true, retryAfterMs: 0 };
    }
  };
  return {
    async attempt(email, clientKey) {
      const decisions = await Promise.all([
        guarded(`${prefix}email:${emailKey(email)}`, limits.perEmail),
        clientKey ? guarded(`${prefix}client:${clientKey}`, limits.perClient) : { allowed: true, retryAfterMs: 0 },
      ]);
      const refused = decisions.filter((d) => !d.allowed);
      if (refused.length === 0) return { ok: true };
      return { ok: false, retryAfterSeconds: Math.max(1, ...refused.map((d) => Math.ceil(d.retryAfterMs / 1000))) };
    },
  };
}
