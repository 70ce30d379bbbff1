import type { Currency } from "./money.ts";

/** Shopper-facing catalog shapes: what the catalog service answers and the edge caches and renders. */

export const STOCK_STATES = ["in_stock", "low_stock", "out_of_stock"] as const;
export type StockState = (typeof STOCK_STATES)[number];

/** Below this many units a variant shows as "low stock". */
export const LOW_STOCK_THRESHOLD = 5;

export function stockStateOf(available: number): StockState {
  if (available <= 0) return "out_of_stock";
  return available <= LOW_STOCK_THRESHOLD ? "low_stock" : "in_stock";
}

export interface PriceView {
  amount: number;
  currency: Currency;
}

export interface Category {
  id: string;
  slug: string;
  name: string;
  parentSlug: string | null;
  /** Root-first slugs, e.g. ["apparel", "apparel-shirts"]. */
  path: string[];
  productCount: number;
}

export interface CategoryNode extends Category {
  children: CategoryNode[];
}

export interface ProductSummary {
  id: string;
  slug: string;
  title: string;
  categorySlug: string;
  imageUrl: string;
  /** The lowest variant price in the requested currency. */
  price: PriceView;
  stockState: StockState;
  createdAt: string;
}

export interface ProductOption {
  name: string;
  values: string[];
}

export interface VariantView {
  id: string;
  sku: string;
  title: string;
  options: Record<string, string>;
  price: PriceView;
  stockState: StockState;
  active: boolean;
}

export interface ProductDetail extends Omit<ProductSummary, "price"> {
  description: string;
  categoryPath: { slug: string; name: string }[];
  options: ProductOption[];
  variants: VariantView[];
  price: PriceView;
  active: boolean;
  updatedAt: string;
}

export const PRODUCT_SORTS = ["newest", "price_asc", "price_desc"] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export interface ProductListQuery {
  limit: number;
  cursor?: string | undefined;
  category?: string | undefined;
  q?: string | undefined;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  sort: ProductSort;
  currency: Currency;
}

export interface ProductListPage {
  products: ProductSummary[];
  nextCursor: string | null;
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
  /** Minor units per currency; a currency not listed is not sold. */
  prices: Partial<Record<Currency, number>>;
  /** Sellable: the variant and its product are both active. */
  active: boolean;
}

/** A variant as the cart sees it: enough to price a line and warn about stock without another lookup. */
export interface SellableVariant extends Offer {
  stockState: StockState;
}
