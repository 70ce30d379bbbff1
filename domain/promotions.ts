import type { PricedQuantity } from "./lines.ts";
import { formatMoney, percentOf, type Currency } from "./money.ts";

/**
 * A minimal promotion evaluator: percentage off, fixed amount off and free shipping, each behind
 * a code with an optional minimum spend. The full engine (automatic promotions, buy-X-get-Y,
 * tiers, limits, schedules) will replace the definitions, not this function's shape.
 */
export type PromotionDefinition =
  | (PromotionBase & { kind: "percentage"; basisPoints: number })
  | (PromotionBase & { kind: "fixed_amount"; amountOff: Partial<Record<Currency, number>> })
  | (PromotionBase & { kind: "free_shipping" });

interface PromotionBase {
  code: string;
  description: string;
  /** Minimum subtotal (before discounts) per currency; a currency not listed has no minimum. */
  minSubtotal?: Partial<Record<Currency, number>>;
}

export interface PromotionContext {
  currency: Currency;
}

/** What a promotion does to an order, as a cart, a checkout and an order all show it. */
export interface AppliedPromotion {
  code: string;
  description: string;
  /** Order discount in minor units (0 when it does not apply or only waives shipping). */
  amount: number;
  freeShipping: boolean;
}

export interface PromotionResult extends AppliedPromotion {
  /** Whether the code takes effect for this cart right now. */
  applies: boolean;
  /** Why it does not apply, for the shopper. */
  reason?: string | undefined;
}

/** The demo store's codes until merchants can create their own. */
export const DEMO_PROMOTIONS: readonly PromotionDefinition[] = [
  { code: "WELCOME10", kind: "percentage", basisPoints: 1000, description: "10% off your order" },
  {
    code: "SAVE5",
    kind: "fixed_amount",
    amountOff: { USD: 500, EUR: 500, GBP: 500 },
    minSubtotal: { USD: 5000, EUR: 5000, GBP: 5000 },
    description: "5.00 off orders of 50.00 or more",
  },
  { code: "FREESHIP", kind: "free_shipping", description: "Free shipping" },
];

export const MAX_PROMOTION_CODES = 5;

/** Codes are matched case-insensitively and without surrounding spaces. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

export function findPromotion(code: string, definitions: readonly PromotionDefinition[]): PromotionDefinition | undefined {
  const wanted = normalizeCode(code);
  return definitions.find((d) => normalizeCode(d.code) === wanted);
}

/**
 * Evaluates `codes` in the order they were applied. Each discount is worked out on the subtotal
 * but capped at what is left after the earlier ones, so the discounts never exceed the goods.
 */
export function evaluatePromotions(
  lines: readonly PricedQuantity[],
  codes: readonly string[],
  definitions: readonly PromotionDefinition[],
  context: PromotionContext,
): PromotionResult[] {
  const subtotal = lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0);
  let remaining = subtotal;
  return codes.map((code) => {
    const def = findPromotion(code, definitions);
    if (!def) return { code, description: "", applies: false, amount: 0, freeShipping: false, reason: `${code} is not a valid code` };
    const base = { code: def.code, description: def.description };
    const min = def.minSubtotal?.[context.currency];
    if (subtotal === 0 || (min !== undefined && subtotal < min)) {
      const reason = subtotal === 0 ? "your cart is empty" : `spend at least ${formatMoney(min ?? 0, context.currency)} to use ${def.code}`;
      return { ...base, applies: false, amount: 0, freeShipping: false, reason };
    }
    if (def.kind === "free_shipping") return { ...base, applies: true, amount: 0, freeShipping: true };
    const wanted = def.kind === "percentage" ? percentOf(subtotal, def.basisPoints) : def.amountOff[context.currency];
    if (wanted === undefined) {
      return { ...base, applies: false, amount: 0, freeShipping: false, reason: `${def.code} is not available in ${context.currency}` };
    }
    const amount = Math.min(wanted, remaining);
    remaining -= amount;
    return { ...base, applies: true, amount, freeShipping: false };
  });
}
