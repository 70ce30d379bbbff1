import type { CartLine, ShippingAddress } from "./cart.ts";
import type { CartWarning } from "./cart-warnings.ts";
import type { LineAmounts } from "./lines.ts";
import type { Currency } from "./money.ts";
import { toAppliedPromotion, type AppliedPromotion } from "./promotions/applied.ts";
import { DEMO_PROMOTIONS } from "./promotions/demo.ts";
import type { PromotionDefinition } from "./promotions/model.ts";
import { lineTotal, priceWithPromotions, type PromotionContext, type Totals } from "./totals.ts";

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

/**
 * A promotion on the cart: every one that applied (automatic ones too), then every entered code
 * that does not apply, with `applied: false`, nothing given and the reason in `message`
 * (`promotionId` null for a code that matches no promotion). Line keys are cart line ids.
 */
export interface CartPromotionView extends Omit<AppliedPromotion, "promotionId"> {
  promotionId: string | null;
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

export function buildCartView(
  state: CartState,
  definitions: readonly PromotionDefinition[] = DEMO_PROMOTIONS,
  context?: PromotionContext,
): CartView {
  const { totals, promotions } = priceWithPromotions({
    currency: state.currency,
    lines: state.lines,
    keys: state.lines.map((l) => l.id),
    codes: state.promotionCodes,
    definitions,
    context,
    shippingCountry: state.shippingAddress?.country,
  });
  const descriptions = new Map(definitions.map((d) => [d.id, d.description]));
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
    promotions: [
      ...promotions.applied.map((p) => ({ ...toAppliedPromotion(p), applied: true })),
      ...promotions.rejected.map((r) => ({
        promotionId: r.promotionId,
        code: r.code,
        description: (r.promotionId !== null ? descriptions.get(r.promotionId) : undefined) ?? "",
        amount: 0,
        shippingAmount: 0,
        freeShipping: false,
        lines: [],
        applied: false,
        message: r.message,
      })),
    ],
    warnings: [...state.warnings],
    email: state.email ?? null,
    shippingAddress: state.shippingAddress ?? null,
    locked: state.locked,
    pricesCheckedAt: state.pricesCheckedAt ?? null,
  };
}

/** Why `code` would not apply if added to the cart, or null when it would. */
export function codeRefusal(state: CartState, definitions: readonly PromotionDefinition[], code: string, context?: PromotionContext): string | null {
  const view = buildCartView({ ...state, promotionCodes: [...state.promotionCodes, code] }, definitions, context);
  const refused = view.promotions.find((p) => !p.applied && p.code === code);
  return refused ? (refused.message ?? `${code} does not apply`) : null;
}
