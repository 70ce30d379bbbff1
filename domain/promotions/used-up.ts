import type { EngineCustomer, PromotionDefinition, PromotionUsage } from "./model.ts";

/**
 * Promotions a checkout found used up (its total uses, the customer's uses or its budget) that
 * the cart's preview, which knows no uses, still showed. The cart remembers them for a while so
 * its preview matches what checkout will charge, and says why the total changed; after that the
 * preview shows them again, in case uses were given back by failed payments meanwhile.
 *
 * Two findings are about the customer rather than uses: the order is not their first, or their
 * tags (told to the cart at sign-in, since changed by the merchant) no longer include the
 * promotion's. The cart then corrects what it believes of the customer, for the same while.
 */
export const USAGE_REASONS = ["limit_reached", "customer_limit_reached", "budget_exhausted"] as const;
export const CUSTOMER_REASONS = ["first_order_only", "customer_not_eligible"] as const;
export const USED_UP_REASONS = [...USAGE_REASONS, ...CUSTOMER_REASONS] as const;
export type UsedUpReason = (typeof USED_UP_REASONS)[number];
export type CustomerReason = (typeof CUSTOMER_REASONS)[number];

export function isCustomerReason(reason: UsedUpReason): reason is CustomerReason {
  return (CUSTOMER_REASONS as readonly string[]).includes(reason);
}

export interface UsedUpPromotion {
  promotionId: string;
  reason: UsedUpReason;
  /** ms since epoch until which the cart treats the promotion as used up. */
  until: number;
}

export const USED_UP_NOTICE_MS = 10 * 60_000;

export function isUsedUpReason(value: unknown): value is UsedUpReason {
  return typeof value === "string" && (USED_UP_REASONS as readonly string[]).includes(value);
}

/** The engine's usage input that makes it refuse each used-up promotion for its reason. */
export function usageOfUsedUp(list: readonly UsedUpPromotion[]): Map<string, PromotionUsage> {
  const all = Number.MAX_SAFE_INTEGER;
  return new Map(
    list.filter((p) => !isCustomerReason(p.reason)).map((p) => [
      p.promotionId,
      {
        uses: p.reason === "limit_reached" ? all : 0,
        customerUses: p.reason === "customer_limit_reached" ? all : 0,
        spent: p.reason === "budget_exhausted" ? all : 0,
      },
    ]),
  );
}

const WHY: Record<UsedUpReason, string> = {
  limit_reached: "has reached its limit",
  customer_limit_reached: "has been used as often as one customer may use it",
  budget_exhausted: "has run out of budget",
  first_order_only: "is for a first order only",
  customer_not_eligible: "is not available for your account",
};

/**
 * The customer as the cart should preview for: not on a first order once checkout said so, and
 * without the tags of a promotion checkout found the customer not eligible for (checkout judged
 * that on the customer's current tags, so none of that promotion's tags is among them).
 */
export function customerAfterFindings(customer: EngineCustomer, list: readonly UsedUpPromotion[], definitions: readonly PromotionDefinition[]): EngineCustomer {
  const notFirst = list.some((p) => p.reason === "first_order_only");
  const ineligible = new Set(list.filter((p) => p.reason === "customer_not_eligible").map((p) => p.promotionId));
  const lost = new Set(definitions.filter((d) => ineligible.has(d.id)).flatMap((d) => d.conditions.customerTags ?? []));
  return {
    ...customer,
    ...(notFirst ? { isFirstOrder: false } : {}),
    ...(lost.size > 0 ? { tags: (customer.tags ?? []).filter((t) => !lost.has(t)) } : {}),
  };
}

export function usedUpMessage(description: string, reason: UsedUpReason): string {
  return `${description} ${WHY[reason]}, so your total has been updated`;
}
