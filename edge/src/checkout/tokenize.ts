import type { Context } from "hono";
import type { TokenResponse } from "../../../contracts/payments/api.ts";
import { tokenizeRoute } from "../../../contracts/payments/routes.ts";
import { AppError } from "../../../platform/errors.ts";
import { callServiceRoute } from "../service-client.ts";
import type { EdgeEnv } from "../types.ts";
import type { PaymentCard } from "../../../contracts/storefront/checkout-requests.ts";

/**
 * Turns card details into a payment token at the payments service. This is the only place card
 * data goes: it is never stored, logged, or sent anywhere else, and only the token travels on.
 */

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
export async function tokenizeCard(c: Context<EdgeEnv>, card: PaymentCard): Promise<TokenResponse> {
  try {
    const { body } = await callServiceRoute(c, "payments", tokenizeRoute, { json: { card: card.card, expMonth: card.expMonth, expYear: card.expYear, cvc: card.cvc } });
    return body;
  } catch (err) {
    // A refusal relayed from payments (a 4xx): the same code, its fields named under `payment`.
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    const details = underPayment(err.details);
    const first = details?.issues[0];
    throw new AppError(err.code, first ? `${first.path}: ${first.message}` : err.message, details ?? err.details);
  }
}
