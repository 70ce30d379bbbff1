import { z } from "zod";
import { STOCK_STATES, type SellableVariant } from "../../domain/catalog.ts";
import { CURRENCIES, type Currency } from "../../domain/money.ts";

/**
 * Shopper-facing catalog shapes: what the catalog service answers and the edge caches and renders.
 * Each is a zod schema (the routes in contracts/catalog/routes.ts document them) and its type is
 * derived from it, so the answer and its documentation cannot drift apart.
 */

const stockStateSchema = z.enum(STOCK_STATES);

export const priceViewSchema = z.object({ amount: z.number().int(), currency: z.enum(CURRENCIES) });
export type PriceView = z.output<typeof priceViewSchema>;

export const categorySchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  parentSlug: z.string().nullable(),
  /** Root-first slugs, e.g. ["apparel", "apparel-shirts"]. */
  path: z.array(z.string()),
  productCount: z.number().int(),
});
export type Category = z.output<typeof categorySchema>;

export type CategoryNode = Category & { children: CategoryNode[] };
/** A category with its children, nested: the tree is recursive (a `$ref` to itself in the document). */
export const categoryNodeSchema: z.ZodType<CategoryNode> = categorySchema
  .extend({
    get children() {
      return z.array(categoryNodeSchema);
    },
  })
  .meta({ id: "CategoryNode" });

export const productSummarySchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  categorySlug: z.string(),
  imageUrl: z.string(),
  /** The lowest variant price in the requested currency. */
  price: priceViewSchema,
  stockState: stockStateSchema,
  createdAt: z.string(),
});
export type ProductSummary = z.output<typeof productSummarySchema>;

export const productOptionSchema = z.object({ name: z.string(), values: z.array(z.string()) });
export type ProductOption = z.output<typeof productOptionSchema>;

export const variantViewSchema = z.object({
  id: z.string(),
  sku: z.string(),
  title: z.string(),
  options: z.record(z.string(), z.string()),
  price: priceViewSchema,
  stockState: stockStateSchema,
  active: z.boolean(),
});
export type VariantView = z.output<typeof variantViewSchema>;

export const productDetailSchema = productSummarySchema.extend({
  description: z.string(),
  categoryPath: z.array(z.object({ slug: z.string(), name: z.string() })),
  options: z.array(productOptionSchema),
  variants: z.array(variantViewSchema),
  active: z.boolean(),
  updatedAt: z.string(),
});
export type ProductDetail = z.output<typeof productDetailSchema>;

export const productListPageSchema = z.object({ products: z.array(productSummarySchema), nextCursor: z.string().nullable() });
export type ProductListPage = z.output<typeof productListPageSchema>;

/** A variant as the cart sees it (domain/catalog.ts `SellableVariant`), as `GET /catalog/variants` answers it. */
export const sellableVariantSchema = z.object({
  variantId: z.string(),
  productId: z.string(),
  /** The product's category and its ancestors, root first: what promotion conditions match on. */
  categorySlugs: z.array(z.string()),
  productSlug: z.string(),
  title: z.string(),
  sku: z.string(),
  imageUrl: z.string(),
  /** Minor units per currency; a currency not listed is not sold. */
  prices: z.partialRecord(z.enum(CURRENCIES), z.number().int().min(0)),
  active: z.boolean(),
  stockState: stockStateSchema,
}) satisfies z.ZodType<SellableVariant>;

export const PRODUCT_SORTS = ["newest", "price_asc", "price_desc"] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

/** The listing query after parsing (its schema, `productListQuerySchema`, is in contracts/text.ts). */
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
