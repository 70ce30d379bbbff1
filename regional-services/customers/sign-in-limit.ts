import { createHash } from "node:crypto";
import { log } from "../../platform/log.ts";

/**
 * Sign-in attempts are limited per email and client together (one place guessing one account's
 * password), per client (one place trying many accounts) and, with a much higher ceiling, per
 * email across all clients (a guesser spread over many addresses). The tight limit is keyed by
 * email *and* client, so an attacker who exhausts it slows only their own client: the account's
 * owner, signing in from elsewhere, is not locked out. Every attempt counts, and the check runs
 * before any scrypt work, so a flood of attempts cannot burn the service's CPU either.
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
  /** One client guessing one account's password. */
  perEmailClient: RateRule;
  /** Every client together guessing one account's password: a ceiling, far above perEmailClient. */
  perEmail: RateRule;
  perClient: RateRule;
}

export const DEFAULT_SIGN_IN_LIMITS: Readonly<SignInLimits> = Object.freeze({
  perEmailClient: { limit: 10, windowMs: 15 * 60_000 },
  perEmail: { limit: 100, windowMs: 15 * 60_000 },
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

/**
 * The email and the client, hashed together. Callers that send no client key share one
 * "anonymous" client per email (the edge always sends one).
 */
function emailClientKey(email: string, clientKey: string | undefined): string {
  return createHash("sha256").update(`${email}\n${clientKey ?? ""}`).digest("base64url");
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
      const refusal = (decisions: RateDecision[]): AttemptDecision | undefined => {
        const refused = decisions.filter((d) => !d.allowed);
        if (refused.length === 0) return undefined;
        return { ok: false, retryAfterSeconds: Math.max(1, ...refused.map((d) => Math.ceil(d.retryAfterMs / 1000))) };
      };
      const own = await Promise.all([
        guarded(`${prefix}email-client:${emailClientKey(email, clientKey)}`, limits.perEmailClient),
        clientKey ? guarded(`${prefix}client:${clientKey}`, limits.perClient) : { allowed: true, retryAfterMs: 0 },
      ]);
      // An attempt its own client's limits refuse does not count towards the email's ceiling, or
      // one client hammering away would still lock the owner out, only a little later.
      return refusal(own) ?? refusal([await guarded(`${prefix}email:${emailKey(email)}`, limits.perEmail)]) ?? { ok: true };
    },
  };
}
