import { priceOrder, type Offer, type OrderPricing, type RefusedCode } from "../../domain/checkout.ts";
import type { PricedLine } from "../../domain/lines.ts";
import type { Currency } from "../../domain/money.ts";
import type { PromotionDefinition } from "../../domain/promotions/model.ts";
import type { PromotionContext as EngineContext } from "../../domain/totals.ts";
import type { PromotionContext } from "./checkout-promotions.ts";

/**
 * The shared pricing (domain/checkout.ts priceOrder, the promotion engine and totals) over the
 * order's lines, given what the orders service alone knows: uses so far, first order, single-use
 * codes. The lines carry their product and category path from the offers, for scoped promotions.
 */
export interface PricingInput {
  lines: readonly PricedLine[];
  offers: ReadonlyMap<string, Offer & { categorySlugs?: readonly string[] }>;
  currency: Currency;
  codes: readonly string[];
  shippingCountry: string | undefined;
  now: number;
}

export type PromotionPricing = ({ ok: true } & OrderPricing) | { ok: false; refused: RefusedCode[] };

/**
 * Prices the order with `definitions`. `preview` leaves out uses and customer history, as the
 * cart's preview does, and gives the customer every tag asked for, as a cart told at sign-in may
 * still believe: checkout compares the two to explain a changed total.
 */
export function pricePromotions(input: PricingInput, definitions: readonly PromotionDefinition[], ctx: PromotionContext, preview = false): PromotionPricing {
  const lines = input.lines.map((l) => {
    const offer = input.offers.get(l.variantId);
    return { ...l, productId: offer?.productId, categorySlugs: [...(offer?.categorySlugs ?? [])] };
  });
  // The cart may believe the customer has any tag a promotion asks for (it was told at sign-in).
  const anyTag = [...new Set(definitions.flatMap((d) => d.conditions.customerTags ?? []))];
  const context: EngineContext = preview
    ? { customer: { id: ctx.customer.id, tags: anyTag }, now: input.now }
    : { customer: ctx.customer, now: input.now, usage: ctx.usage, singleUseCodes: ctx.singleUse };
  const priced = priceOrder(lines, input.codes, definitions, input.currency, input.shippingCountry, context);
  if (!priced.ok) return { ok: false, refused: priced.promotions };
  // Only the order line's own fields are kept (the product and category were for the engine).
  const orderLines = priced.lines.map(({ variantId, productSlug, title, sku, imageUrl, unitPrice, quantity, lineTotal, discount }) => ({
    variantId,
    productSlug,
    title,
    sku,
    imageUrl,
    unitPrice,
    quantity,
    lineTotal,
    discount,
  }));
  return { ok: true, totals: priced.totals, lines: orderLines, promotions: priced.promotions };
}
