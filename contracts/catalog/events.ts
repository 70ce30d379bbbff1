import { z } from "zod";
import { STOCK_STATES } from "../../domain/catalog.ts";
import { CURRENCIES } from "../../domain/money.ts";

/**
 * The events the catalog publishes on its feed (docs/internal-api.md, "Who owns what"). The
 * catalog builds each payload as the type below; a consumer parses it with the same schema.
 */
export const VARIANT_UPSERTED = "variant.upserted";
export const STOCK_STATE_CHANGED = "stock_state.changed";
export const CATEGORY_UPSERTED = "category.upserted";

/** Minor units per currency; a currency not listed is not sold. */
const pricesSchema = z.partialRecord(z.enum(CURRENCIES), z.number().int().min(0));

/** A variant's offer: the orders service keeps its offers and inventory from these. */
export const variantUpsertedSchema = z.object({
  variantId: z.string().min(1),
  productId: z.string(),
  /** The product's category and its ancestors, root first; absent from events published before it existed. */
  categorySlugs: z.array(z.string()).default([]),
  productSlug: z.string(),
  title: z.string(),
  sku: z.string(),
  imageUrl: z.string(),
  prices: pricesSchema,
  /** Sellable: the variant and its product are both active. */
  active: z.boolean(),
  /** Present only when the merchant (or the seed) set the stock: the orders service's inventory. */
  stockOnHand: z.number().int().optional(),
});
export type VariantUpserted = z.output<typeof variantUpsertedSchema>;

/** Published when a variant moves between in stock, low stock and out of stock. */
export const stockStateChangedSchema = z.object({
  variantId: z.string().min(1),
  productId: z.string(),
  productSlug: z.string(),
  stockState: z.enum(STOCK_STATES),
});
export type StockStateChanged = z.output<typeof stockStateChangedSchema>;

/**
 * A category created, renamed or moved. Nobody replicates categories; the event moves the catalog
 * version so the edge's cached tree and listings change. A move also republishes its products'
 * variants, whose offers carry the category path.
 */
export const categoryUpsertedSchema = z.object({
  id: z.string().min(1),
  slug: z.string(),
  name: z.string(),
  parentSlug: z.string().nullable(),
  position: z.number().int(),
});
export type CategoryUpserted = z.output<typeof categoryUpsertedSchema>;

/** Each catalog event type with its payload schema. */
export const CATALOG_EVENTS = {
  [VARIANT_UPSERTED]: variantUpsertedSchema,
  [STOCK_STATE_CHANGED]: stockStateChangedSchema,
  [CATEGORY_UPSERTED]: categoryUpsertedSchema,
} as const;
