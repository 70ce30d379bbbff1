import type { PricedQuantity } from "./lines.ts";
import { allocate, type Currency } from "./money.ts";
import type { PromotionResult } from "./promotions.ts";
import { shippingFor, taxFor } from "./shipping-tax.ts";

/**
 * Cart and order totals: integers in minor units throughout, and they always reconcile:
 * total = subtotal − discountTotal + shippingTotal + taxTotal, and the per-line discounts add up
 * to discountTotal exactly (largest-remainder allocation), so an order line can carry its share.
 */
export interface TotalsInput {
  currency: Currency;
  lines: readonly PricedQuantity[];
  promotions: readonly PromotionResult[];
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
  /** Each line's share of discountTotal, in line order. */
  lineDiscounts: number[];
}

export function lineTotal(line: PricedQuantity): number {
  return line.unitPrice * line.quantity;
}

export function computeTotals(input: TotalsInput): CartTotals {
  const lineTotals = input.lines.map(lineTotal);
  const subtotal = lineTotals.reduce((a, b) => a + b, 0);
  const itemCount = input.lines.reduce((n, l) => n + l.quantity, 0);
  const applied = input.promotions.filter((p) => p.applies);
  const wantedDiscount = applied.reduce((s, p) => s + p.amount, 0);
  // The evaluator already caps discounts; clamping again keeps totals sane for any evaluator.
  const discountTotal = Math.max(0, Math.min(wantedDiscount, subtotal));
  const lineDiscounts = allocate(discountTotal, lineTotals);
  const discountedSubtotal = subtotal - discountTotal;
  const shippingTotal = shippingFor({
    currency: input.currency,
    discountedSubtotal,
    itemCount,
    freeShipping: applied.some((p) => p.freeShipping),
  });
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
