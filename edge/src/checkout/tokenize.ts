import type { Context } from "hono";
import { AppError, relayedError, type ErrorBody } from "../../../platform/errors.ts";
import { callService } from "../origin.ts";
import type { EdgeEnv } from "../types.ts";
import type { PaymentCard } from "./schemas.ts";

/**
 * Turns card details into a payment token at the payments service. This is the only place card
 * data goes: it is never stored, logged, or sent anywhere else, and only the token travels on.
 */
export interface CardToken {
  token: string;
  brand: string;
  last4: string;
}

interface Issue {
  path: string;
  message: string;
}

/** The provider names card fields ("card", "cvc"); in our API they live under `payment`. */
function underPayment(details: unknown): { issues: Issue[] } | undefined {
  const issues = (details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return undefined;
  return {
    issues: issues.flatMap((i: unknown) => {
      const issue = i as Partial<Issue>;
      return typeof issue.path === "string" && typeof issue.message === "string" ? [{ path: `payment.${issue.path}`, message: issue.message }] : [];
    }),
  };
}

/** A token for `card` from the payments service; its refusals name the `payment.*` field at fault. */
export async function tokenizeCard(c: Context<EdgeEnv>, card: PaymentCard): Promise<CardToken> {
  const res = await callService(c, "payments", "/payments/tokens", { json: { card: card.card, expMonth: card.expMonth, expYear: card.expYear, cvc: card.cvc } });
  if (res.ok) return res.json<CardToken>();
  const body = await res.json<ErrorBody>().catch(() => undefined);
  if (res.status < 500 && body?.error) {
    const details = underPayment(body.error.details);
    const first = details?.issues[0];
    const message = first ? `${first.path}: ${first.message}` : body.error.message;
    throw relayedError({ error: { code: body.error.code, message, details: details ?? body.error.details } });
  }
  throw new AppError("SERVICE_UNAVAILABLE", "the payments service is unavailable, try again shortly");
}
