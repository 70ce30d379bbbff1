import { log } from "../../platform/log.ts";
import type { AttemptDecision, RateCheck, RateRule } from "./sign-in-limit.ts";

/**
 * Sign-ups are limited per client (the shopper's IP, as the edge saw it): each one costs a scrypt
 * hash and writes a message to someone's inbox, so one place must not be able to flood either.
 * Checked before any work; like sign-in, it fails open (and logs) when Redis is unavailable.
 */
export interface SignUpLimits {
  perClient: RateRule;
}

export const DEFAULT_SIGN_UP_LIMITS: Readonly<SignUpLimits> = Object.freeze({
  perClient: { limit: 10, windowMs: 15 * 60_000 },
});

export interface SignUpLimiter {
  attempt(clientKey: string | undefined): Promise<AttemptDecision>;
}

export function signUpLimiter(check: RateCheck, options: { prefix?: string; limits?: SignUpLimits } = {}): SignUpLimiter {
  const prefix = options.prefix ?? "customers:signup:";
  const limits = options.limits ?? DEFAULT_SIGN_UP_LIMITS;
  return {
    async attempt(clientKey) {
      // Only the edge's callers are shoppers, and it always sends the key.
      if (!clientKey) return { ok: true };
      try {
        const decision = await check(`${prefix}client:${clientKey}`, limits.perClient);
        return decision.allowed ? { ok: true } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)) };
      } catch (err) {
        log("error", "sign-up rate limit unavailable", { error: err instanceof Error ? err.message : String(err) });
        return { ok: true };
      }
    },
  };
}
