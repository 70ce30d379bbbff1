import { z } from "zod";
import { STOCK_STATES } from "../../domain/catalog.ts";
import { CURRENCIES } from "../../domain/money.ts";

/**
 * The events the catalog publishes on its feed (docs/internal-api.md, "Who owns what"). The
 * catalog builds each payload as the type below; a consumer parses it with the same schema.
 */
export const VARIANT_UPSERTED = "variant.upserted";
export const STOCK_STATE_CHANGED = "stock_state.changed";

/** Minor units per currency; a currency not listed is not sold. */
const pricesSchema = z.partialRecord(z.enum(CURRENCIES), z.number().int().min(0));

/** A variant's offer: the orders service keeps its offers and inventory from these. */
export const variantUpsertedSchema = z.object({
  variantId: z.string().min(1),
  productId: z.string(),
  productSlug: z.string(),
  title: z.string(),
  sku: z.string(),
  imageUrl: z.string(),
  prices: pricesSchema,
  /** Sellable: the variant and its product are both active. */
  active: z.boolean(),
  /** Present only when the merchant (or the seed) set the stock: the orders service's inventory. */
  stockOnHand: z.number().int().optional(),
  /** The product's category and its ancestors (slugs), for category-scoped promotions; older producers omit it. */
  categorySlugs: z.array(z.string()).optional(),
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

/** Each catalog event type with its payload schema. */
export const CATALOG_EVENTS = {
  [VARIANT_UPSERTED]: variantUpsertedSchema,
  [STOCK_STATE_CHANGED]: stockStateChangedSchema,
} as const;
