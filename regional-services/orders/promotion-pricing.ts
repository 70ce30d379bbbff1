import type { Offer } from "../../domain/checkout.ts";
import type { OrderLine, PricedLine } from "../../domain/lines.ts";
import { allocate, type Currency } from "../../domain/money.ts";
import { evaluatePromotions } from "../../domain/promotions/engine.ts";
import type { AppliedPromotionResult, EngineInput, EngineResult, PromotionDefinition, RejectedCode } from "../../domain/promotions/model.ts";
import type { AppliedPromotion } from "../../domain/promotions.ts";
import { shippingFor, taxFor } from "../../domain/shipping-tax.ts";
import { lineTotal, type CartTotals } from "../../domain/totals.ts";
import type { PromotionContext } from "./checkout-promotions.ts";

/**
 * Checkout's promotions and totals: the shared engine over the order's lines, with what the
 * orders service alone knows (uses so far, first order, single-use codes). Interim: once
 * domain/checkout.ts's priceOrder takes the engine's input (branch promo-engine, "Engine wired"),
 * `orderTotals` gives way to it, so the cart and checkout share one totals path again.
 */
export interface PromotionPricing {
  totals: CartTotals;
  lines: OrderLine[];
  applied: AppliedPromotionResult[];
  rejected: RejectedCode[];
  /** The promotions as the order records them (the order's `promotions`). */
  promotions: AppliedPromotion[];
}

export interface PricingInput {
  lines: readonly PricedLine[];
  offers: ReadonlyMap<string, Offer & { categorySlugs?: readonly string[] }>;
  currency: Currency;
  codes: readonly string[];
  shippingCountry: string | undefined;
  now: number;
}

function engineInput(input: PricingInput, ctx: PromotionContext | undefined, shipping: number): EngineInput {
  return {
    currency: input.currency,
    lines: input.lines.map((l, i) => {
      const offer = input.offers.get(l.variantId);
      return { key: String(i), variantId: l.variantId, productId: offer?.productId ?? "", categorySlugs: offer?.categorySlugs ?? [], unitPrice: l.unitPrice, quantity: l.quantity };
    }),
    codes: input.codes,
    customer: ctx?.customer ?? {},
    shipping,
    now: input.now,
    singleUseCodes: ctx?.singleUse,
    usage: ctx?.usage,
  };
}

function orderTotals(input: PricingInput, result: EngineResult): { totals: CartTotals; lines: OrderLine[] } {
  const lineTotals = input.lines.map(lineTotal);
  const subtotal = lineTotals.reduce((a, b) => a + b, 0);
  const itemCount = input.lines.reduce((n, l) => n + l.quantity, 0);
  const lineDiscounts = input.lines.map((_, i) => result.lineDiscounts.get(String(i)) ?? 0);
  const discountTotal = Math.min(subtotal, lineDiscounts.reduce((a, b) => a + b, 0));
  const discountedSubtotal = subtotal - discountTotal;
  const shippingTotal = Math.max(0, shippingFor({ currency: input.currency, discountedSubtotal, itemCount, freeShipping: false }) - result.shippingDiscount);
  const taxTotal = taxFor(discountedSubtotal + shippingTotal, input.shippingCountry);
  // The engine's per-line amounts already add up; allocate only guards the clamp above.
  const shares = discountTotal === lineDiscounts.reduce((a, b) => a + b, 0) ? lineDiscounts : allocate(discountTotal, lineTotals);
  const totals: CartTotals = { subtotal, discountTotal, shippingTotal, taxTotal, total: discountedSubtotal + shippingTotal + taxTotal, itemCount, lineDiscounts: shares };
  return { totals, lines: input.lines.map((l, i) => ({ ...l, lineTotal: lineTotals[i] ?? 0, discount: shares[i] ?? 0 })) };
}

/**
 * Prices the order with `definitions`. Without a context (`ctx` undefined) it is the preview the
 * cart showed: no uses, no customer facts; checkout compares the two to explain a changed total.
 */
export function pricePromotions(input: PricingInput, definitions: readonly PromotionDefinition[], ctx: PromotionContext | undefined): PromotionPricing {
  const itemCount = input.lines.reduce((n, l) => n + l.quantity, 0);
  const subtotal = input.lines.reduce((s, l) => s + lineTotal(l), 0);
  // Shipping as it would be without promotions: what a shipping promotion can waive.
  const shipping = shippingFor({ currency: input.currency, discountedSubtotal: subtotal, itemCount, freeShipping: false });
  const result = evaluatePromotions(engineInput(input, ctx, shipping), definitions);
  const { totals, lines } = orderTotals(input, result);
  const promotions = result.applied.map((a) => ({ code: a.code ?? a.promotionId, description: a.description, amount: a.amount, freeShipping: a.shippingAmount > 0 && totals.shippingTotal === 0 }));
  return { totals, lines, applied: result.applied, rejected: result.rejected, promotions };
}
