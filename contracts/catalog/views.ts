import type { StockState } from "../../domain/catalog.ts";
import type { Currency } from "../../domain/money.ts";

/** Shopper-facing catalog shapes: what the catalog service answers and the edge caches and renders. */

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
