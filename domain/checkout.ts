import type { Offer } from "./catalog.ts";
import type { OrderLine, PricedLine } from "./lines.ts";
import type { Currency } from "./money.ts";
import { toAppliedPromotion, type AppliedPromotion } from "./promotions/applied.ts";
import type { PromotionDefinition, RejectionReason } from "./promotions/model.ts";
import { lineTotal, priceWithPromotions, type CartTotals, type PromotionContext } from "./totals.ts";

// The orders service imports Offer from here; it is defined once, with the other catalog shapes.
export type { Offer } from "./catalog.ts";

/**
 * Checkout's authoritative pricing: every line the shopper saw is checked against the order
 * service's own offers, then promotions and totals are worked out with the same shared rules the
 * cart used, so a shopper is charged exactly what the cart showed or told why not.
 */

/** A line as the shopper checks it out: its unit price is the one the shopper saw. */
export type CheckoutLineInput = Pick<PricedLine, "variantId" | "quantity" | "unitPrice">;

export interface PriceChange {
  variantId: string;
  /** What the shopper saw. */
  expected: number;
  /** What the variant costs now. */
  actual: number;
}

export type RepriceResult =
  | { ok: true; lines: PricedLine[] }
  | { ok: false; code: "UNAVAILABLE"; message: string; variantIds: string[] }
  | { ok: false; code: "PRICE_CHANGED"; message: string; changes: PriceChange[] };

/**
 * Prices every line from `offers`. An unknown, inactive or unpriced variant makes the whole
 * checkout unavailable; otherwise any price that moved is reported, all of them at once.
 */
export function repriceLines(lines: readonly CheckoutLineInput[], offers: ReadonlyMap<string, Offer>, currency: Currency): RepriceResult {
  const unavailable: string[] = [];
  const changes: PriceChange[] = [];
  const priced: PricedLine[] = [];
  for (const line of lines) {
    const offer = offers.get(line.variantId);
    const price = offer?.active ? offer.prices[currency] : undefined;
    if (!offer || price === undefined) {
      unavailable.push(line.variantId);
      continue;
    }
    if (price !== line.unitPrice) changes.push({ variantId: line.variantId, expected: line.unitPrice, actual: price });
    const { productSlug, title, sku, imageUrl } = offer;
    priced.push({ variantId: line.variantId, productSlug, title, sku, imageUrl, unitPrice: price, quantity: line.quantity });
  }
  if (unavailable.length > 0) {
    return { ok: false, code: "UNAVAILABLE", message: "some items are no longer available", variantIds: [...new Set(unavailable)] };
  }
  if (changes.length > 0) return { ok: false, code: "PRICE_CHANGED", message: "some prices have changed since you added the items", changes };
  return { ok: true, lines: priced };
}

export interface OrderPricing {
  totals: CartTotals;
  /** Each line with its total and its discount from every promotion, in line order. */
  lines: OrderLine[];
  /** Line keys in `promotions` are line positions as strings ("0", "1", …). */
  promotions: AppliedPromotion[];
}

/** An entered code that does not apply: `reason` is for the shopper, `why` for code. */
export interface RefusedCode {
  code: string;
  reason: string;
  why: RejectionReason;
}

export type PricingResult =
  | ({ ok: true } & OrderPricing)
  | { ok: false; code: "PROMOTION_NOT_APPLICABLE"; message: string; promotions: RefusedCode[] };

/**
 * Promotions and totals for priced lines. A code that no longer applies is refused rather than
 * dropped: the shopper would otherwise pay more than the cart showed without being asked.
 * `context` carries the customer, the clock, usage and single-use codes (the orders service's).
 */
export function priceOrder(
  lines: readonly PricedLine[],
  codes: readonly string[],
  definitions: readonly PromotionDefinition[],
  currency: Currency,
  shippingCountry: string | undefined,
  context?: PromotionContext,
): PricingResult {
  const { totals, promotions } = priceWithPromotions({ currency, lines, codes, definitions, context, shippingCountry });
  if (promotions.rejected.length > 0) {
    return {
      ok: false,
      code: "PROMOTION_NOT_APPLICABLE",
      message: promotions.rejected.map((r) => r.message).join("; "),
      promotions: promotions.rejected.map((r) => ({ code: r.code, reason: r.message, why: r.reason })),
    };
  }
  return {
    ok: true,
    totals,
    lines: lines.map((l, i) => ({ ...l, lineTotal: lineTotal(l), discount: totals.lineDiscounts[i] ?? 0 })),
    promotions: promotions.applied.map(toAppliedPromotion),
  };
}

/** Units wanted per variant, in variant id order: the order stock is locked in, so two checkouts never deadlock. */
export function unitsByVariant(lines: readonly Pick<CheckoutLineInput, "variantId" | "quantity">[]): { variantId: string; quantity: number }[] {
  const units = new Map<string, number>();
  for (const l of lines) units.set(l.variantId, (units.get(l.variantId) ?? 0) + l.quantity);
  return [...units.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([variantId, quantity]) => ({ variantId, quantity }));
}
