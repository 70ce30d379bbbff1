import type { LineVariant } from "./catalog.ts";

/**
 * The line shapes a cart, a checkout and an order share. A line copies what it shows of its
 * variant, so a cart or an order renders without another catalog lookup.
 */

/** All that totals and promotions need of a line. */
export interface PricedQuantity {
  /** Minor units of the cart's or order's currency. */
  unitPrice: number;
  quantity: number;
}

/**
 * What promotion conditions look at (domain/promotions/): optional until every producer of lines
 * fills them in; the engine reads a missing product as "" and missing categories as none.
 */
export interface PromotionFacts {
  productId?: string | undefined;
  /** The product's category and its ancestors (slugs). */
  categorySlugs?: string[] | undefined;
}

/** One variant at a unit price: a checkout line, and the core of a cart line and an order line. */
export type PricedLine = LineVariant & PricedQuantity & PromotionFacts;

/** What a line comes to. */
export interface LineAmounts {
  /** unitPrice × quantity, before discounts. */
  lineTotal: number;
  /** This line's share of the order discount. */
  discount: number;
}

/** A line as checkout prices it and an order records it. */
export type OrderLine = PricedLine & LineAmounts;
