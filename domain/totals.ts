import type { PricedQuantity } from "./lines.ts";
import type { Currency } from "./money.ts";
import { evaluatePromotions } from "./promotions/engine.ts";
import type { EngineCustomer, EngineResult, PromotionDefinition, PromotionUsage } from "./promotions/model.ts";
import { shippingFor, taxFor } from "./shipping-tax.ts";

/**
 * Cart and order totals: integers in minor units throughout, and they always reconcile:
 * total = subtotal − discountTotal + shippingTotal + taxTotal, and the per-line discounts add up
 * to discountTotal exactly, so an order line can carry its share.
 *
 *   lines ─▶ subtotal ─▶ shipping (threshold before discounts)
 *     └──────────┬──────────┘
 *                ▼
 *   promotion engine (domain/promotions/) ─▶ per-line discounts + shipping discount
 *                ▼
 *   discounted goods + shipping ─▶ tax ─▶ total
 */
export interface TotalsInput {
  currency: Currency;
  lines: readonly PricedQuantity[];
  /** Each line's discount, in line order (the promotion engine's); absent: no discounts. */
  lineDiscounts?: readonly number[] | undefined;
  /** What promotions take off shipping. */
  shippingDiscount?: number | undefined;
  /** Destination country; tax is 0 until it is known. */
  shippingCountry?: string | undefined;
}

/** The figures a cart, a checkout and an order all show. */
export interface Totals {
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  taxTotal: number;
  total: number;
  itemCount: number;
}

export interface CartTotals extends Totals {
  /** Each line's discount, in line order. */
  lineDiscounts: number[];
}

export function lineTotal(line: PricedQuantity): number {
  return line.unitPrice * line.quantity;
}

export function computeTotals(input: TotalsInput): CartTotals {
  const lineTotals = input.lines.map(lineTotal);
  const subtotal = lineTotals.reduce((a, b) => a + b, 0);
  const itemCount = input.lines.reduce((n, l) => n + l.quantity, 0);
  // The engine never discounts a line below zero; clamping again keeps totals sane for any caller.
  const lineDiscounts = lineTotals.map((t, i) => Math.max(0, Math.min(t, input.lineDiscounts?.[i] ?? 0)));
  const discountTotal = lineDiscounts.reduce((a, b) => a + b, 0);
  const discountedSubtotal = subtotal - discountTotal;
  const shipping = shippingFor({ currency: input.currency, subtotal, itemCount });
  const shippingTotal = shipping - Math.max(0, Math.min(shipping, input.shippingDiscount ?? 0));
  const taxTotal = taxFor(discountedSubtotal + shippingTotal, input.shippingCountry);
  return {
    subtotal,
    discountTotal,
    shippingTotal,
    taxTotal,
    total: discountedSubtotal + shippingTotal + taxTotal,
    itemCount,
    lineDiscounts,
  };
}

/** What promotions need of a line beyond its price: carts and orders fill these in as they learn them. */
export type PromotableLine = PricedQuantity & {
  variantId: string;
  productId?: string | undefined;
  categorySlugs?: readonly string[] | undefined;
};

/** Who is buying and when: what eligibility and limits are judged on. Defaults suit a preview. */
export interface PromotionContext {
  customer?: EngineCustomer | undefined;
  /** ms since epoch; defaults to the current time. */
  now?: number | undefined;
  usage?: ReadonlyMap<string, PromotionUsage> | undefined;
  singleUseCodes?: ReadonlyMap<string, { promotionId: string; used: boolean }> | undefined;
}

export interface PromotionPricingInput {
  currency: Currency;
  lines: readonly PromotableLine[];
  /** Each line's key in the engine's answer (cart line ids); default: its position as a string. */
  keys?: readonly string[] | undefined;
  codes: readonly string[];
  definitions: readonly PromotionDefinition[];
  context?: PromotionContext | undefined;
  shippingCountry?: string | undefined;
}

/** Runs the promotion engine on the lines and works out the totals with what it gave. */
export function priceWithPromotions(input: PromotionPricingInput): { totals: CartTotals; promotions: EngineResult } {
  const keyOf = (i: number) => input.keys?.[i] ?? String(i);
  const subtotal = input.lines.reduce((s, l) => s + lineTotal(l), 0);
  const itemCount = input.lines.reduce((n, l) => n + l.quantity, 0);
  const ctx = input.context ?? {};
  const promotions = evaluatePromotions(
    {
      currency: input.currency,
      lines: input.lines.map((l, i) => ({
        key: keyOf(i),
        variantId: l.variantId,
        productId: l.productId ?? "",
        categorySlugs: l.categorySlugs ?? [],
        unitPrice: l.unitPrice,
        quantity: l.quantity,
      })),
      codes: input.codes,
      customer: ctx.customer ?? {},
      shipping: shippingFor({ currency: input.currency, subtotal, itemCount }),
      now: ctx.now ?? Date.now(),
      usage: ctx.usage,
      singleUseCodes: ctx.singleUseCodes,
    },
    input.definitions,
  );
  const totals = computeTotals({
    currency: input.currency,
    lines: input.lines,
    lineDiscounts: input.lines.map((_, i) => promotions.lineDiscounts.get(keyOf(i)) ?? 0),
    shippingDiscount: promotions.shippingDiscount,
    shippingCountry: input.shippingCountry,
  });
  return { totals, promotions };
}
