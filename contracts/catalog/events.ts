import type { Offer, StockState } from "../../domain/catalog.ts";
import type { Currency } from "../../domain/money.ts";

/** The events the catalog publishes on its feed (docs/internal-api.md, "Who owns what"). */
export const VARIANT_UPSERTED = "variant.upserted";
export const STOCK_STATE_CHANGED = "stock_state.changed";

/** A variant's offer: the orders service keeps its offers and inventory from these. */
export interface VariantUpserted extends Offer {
  /** Present only when the merchant (or the seed) set the stock: the orders service's inventory. */
  stockOnHand?: number;
}

/** Published when a variant moves between in stock, low stock and out of stock. */
export interface StockStateChanged {
  variantId: string;
  productId: string;
  productSlug: string;
  stockState: StockState;
}

interface ProductFacts {
  id: string;
  slug: string;
  title: string;
  imageUrl: string;
  active: boolean;
}

interface VariantFacts {
  id: string;
  sku: string;
  title: string;
  active: boolean;
  options: Record<string, string>;
}

/** "Sunset Tee — Navy / M": what a cart line or an order shows for a variant. */
export function sellableTitle(productTitle: string, variant: { title: string; options: Record<string, string> }): string {
  return Object.keys(variant.options).length > 0 ? `${productTitle} — ${variant.title}` : productTitle;
}

/** What a variant sells as, right now: shared by the `variant.upserted` event and the cart's lookup. */
export function offerOf(product: ProductFacts, variant: VariantFacts, prices: Partial<Record<Currency, number>>): Offer {
  return {
    variantId: variant.id,
    productId: product.id,
    productSlug: product.slug,
    title: sellableTitle(product.title, variant),
    sku: variant.sku,
    imageUrl: product.imageUrl,
    prices,
    active: product.active && variant.active,
  };
}

/** The `variant.upserted` payload for a variant as it is now. */
export function variantUpserted(
  product: ProductFacts,
  variant: VariantFacts,
  prices: Partial<Record<Currency, number>>,
  stockOnHand?: number,
): VariantUpserted {
  const event: VariantUpserted = offerOf(product, variant, prices);
  if (stockOnHand !== undefined) event.stockOnHand = stockOnHand;
  return event;
}
