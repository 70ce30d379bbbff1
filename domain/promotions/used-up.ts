import type { PromotionUsage } from "./model.ts";

/**
 * Promotions a checkout found used up (its total uses, the customer's uses or its budget) that
 * the cart's preview, which knows no uses, still showed. The cart remembers them for a while so
 * its preview matches what checkout will charge, and says why the total changed; after that the
 * preview shows them again, in case uses were given back by failed payments meanwhile.
 */
export const USED_UP_REASONS = ["limit_reached", "customer_limit_reached", "budget_exhausted"] as const;
export type UsedUpReason = (typeof USED_UP_REASONS)[number];

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
    list.map((p) => [
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
};

export function usedUpMessage(description: string, reason: UsedUpReason): string {
  return `${description} ${WHY[reason]}, so your total has been updated`;
}
