import type { CartLine, ShippingAddress } from "./cart.ts";
import type { CartWarning } from "./cart-warnings.ts";
import type { LineAmounts } from "./lines.ts";
import type { Currency } from "./money.ts";
import { DEMO_PROMOTIONS, evaluatePromotions, type AppliedPromotion, type PromotionDefinition } from "./promotions.ts";
import { computeTotals, lineTotal, type Totals } from "./totals.ts";

/**
 * The cart as the shopper (and the JSON API) sees it: stored state plus everything derived from
 * it. Derived figures are never stored, so a rule change shows up on the next view.
 */
export interface CartState {
  id: string;
  currency: Currency;
  lines: readonly CartLine[];
  promotionCodes: readonly string[];
  email?: string | undefined;
  shippingAddress?: ShippingAddress | undefined;
  warnings: readonly CartWarning[];
  /** A checkout holds the cart: changes are refused until it completes or is aborted. */
  locked: boolean;
  /** When prices were last checked against the catalog (ms since epoch), if ever. */
  pricesCheckedAt?: number | null | undefined;
}

export type CartLineView = CartLine & LineAmounts;

/** A code the shopper entered; one that does not apply stays listed with the reason why. */
export interface CartPromotionView extends AppliedPromotion {
  applied: boolean;
  message?: string | undefined;
}

export interface CartView extends Totals {
  id: string;
  currency: Currency;
  lines: CartLineView[];
  promotions: CartPromotionView[];
  warnings: CartWarning[];
  email: string | null;
  shippingAddress: ShippingAddress | null;
  locked: boolean;
  pricesCheckedAt: number | null;
}

export function buildCartView(state: CartState, definitions: readonly PromotionDefinition[] = DEMO_PROMOTIONS): CartView {
  const results = evaluatePromotions(state.lines, state.promotionCodes, definitions, { currency: state.currency });
  const totals = computeTotals({
    currency: state.currency,
    lines: state.lines,
    promotions: results,
    shippingCountry: state.shippingAddress?.country,
  });
  return {
    id: state.id,
    currency: state.currency,
    lines: state.lines.map((l, i) => ({ ...l, lineTotal: lineTotal(l), discount: totals.lineDiscounts[i] ?? 0 })),
    subtotal: totals.subtotal,
    discountTotal: totals.discountTotal,
    shippingTotal: totals.shippingTotal,
    taxTotal: totals.taxTotal,
    total: totals.total,
    itemCount: totals.itemCount,
    promotions: results.map((r) => ({
      code: r.code,
      description: r.description,
      applied: r.applies,
      amount: r.amount,
      freeShipping: r.freeShipping,
      message: r.reason,
    })),
    warnings: [...state.warnings],
    email: state.email ?? null,
    shippingAddress: state.shippingAddress ?? null,
    locked: state.locked,
    pricesCheckedAt: state.pricesCheckedAt ?? null,
  };
}
