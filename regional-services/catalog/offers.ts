import type { VariantUpserted } from "../../contracts/catalog/events.ts";
import type { SellableVariant } from "../../domain/catalog.ts";
import type { Currency } from "../../domain/money.ts";

/**
 * How the catalog turns its rows into what a variant sells as: the cart's lookup and the
 * `variant.upserted` payload (contracts/catalog/events.ts) are built here and nowhere else.
 */
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

/** A variant's offer with its category path: everything the cart's lookup adds is its stock state. */
export type CategorisedOffer = Omit<SellableVariant, "stockState">;

/**
 * What a variant sells as, right now: shared by the `variant.upserted` event and the cart's
 * lookup. `categorySlugs` is the product's category path, root first (CategoryIndex.path).
 */
export function offerOf(product: ProductFacts, variant: VariantFacts, prices: Partial<Record<Currency, number>>, categorySlugs: readonly string[]): CategorisedOffer {
  return {
    variantId: variant.id,
    productId: product.id,
    categorySlugs: [...categorySlugs],
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
  categorySlugs: readonly string[],
  stockOnHand?: number,
): VariantUpserted {
  const event: VariantUpserted = offerOf(product, variant, prices, categorySlugs);
  if (stockOnHand !== undefined) event.stockOnHand = stockOnHand;
  return event;
}
