import type { Currency } from "./money.ts";

/**
 * What a variant is to the rules: its stock state, what a line copies from it and its selling
 * terms. The shopper-facing answers built on these are in contracts/catalog/views.ts.
 */

export const STOCK_STATES = ["in_stock", "low_stock", "out_of_stock"] as const;
export type StockState = (typeof STOCK_STATES)[number];

/** Below this many units a variant shows as "low stock". */
export const LOW_STOCK_THRESHOLD = 5;

export function stockStateOf(available: number): StockState {
  if (available <= 0) return "out_of_stock";
  return available <= LOW_STOCK_THRESHOLD ? "low_stock" : "in_stock";
}

/** What a cart line or an order line copies from its variant. */
export interface LineVariant {
  variantId: string;
  productSlug: string;
  /** "Sunset Tee — Navy / M": the product title with the variant's options. */
  title: string;
  sku: string;
  imageUrl: string;
}

/**
 * A variant's selling terms, as the catalog publishes them on its feed and the order service
 * keeps them to price a checkout.
 */
export interface Offer extends LineVariant {
  productId: string;
  /**
   * The product's category and all its ancestors (slugs), for promotion conditions on a category.
   * Optional here only because offers replicated before it existed lack it; carts always have it.
   */
  categorySlugs?: string[] | undefined;
  /** Minor units per currency; a currency not listed is not sold. */
  prices: Partial<Record<Currency, number>>;
  /** Sellable: the variant and its product are both active. */
  active: boolean;
}

/** A variant as the cart sees it: enough to price a line and warn about stock without another lookup. */
export interface SellableVariant extends Offer {
  categorySlugs: string[];
  stockState: StockState;
}
