import { and, asc, eq, inArray } from "drizzle-orm";
import { stockStateOf, type SellableVariant } from "../../domain/catalog.ts";
import { type ProductDetail, type ProductOption, type VariantView } from "../../contracts/catalog/views.ts";
import { isCurrency, type Currency } from "../../domain/money.ts";
import { categorySlugPath, loadCategoryIndex } from "./categories.ts";
import type { CatalogDb, CatalogTx } from "./db.ts";
import { offerOf } from "./offers.ts";
import { products, variantPrices, variants } from "./schema.ts";

type Reader = CatalogDb | CatalogTx;

/** Every price of each variant, keyed by variant id. */
export async function pricesOf(db: Reader, variantIds: readonly string[]): Promise<Map<string, Partial<Record<Currency, number>>>> {
  const result = new Map<string, Partial<Record<Currency, number>>>();
  if (variantIds.length === 0) return result;
  const rows = await db.select().from(variantPrices).where(inArray(variantPrices.variantId, [...variantIds]));
  for (const row of rows) {
    if (!isCurrency(row.currency)) continue;
    result.set(row.variantId, { ...result.get(row.variantId), [row.currency]: row.amount });
  }
  return result;
}

/** Option values in display order, limited to those the shown variants actually have. */
function shownOptions(defined: readonly ProductOption[], shown: readonly VariantView[]): ProductOption[] {
  return defined.map((o) => ({ name: o.name, values: o.values.filter((v) => shown.some((s) => s.options[o.name] === v)) }));
}

/**
 * A product with its variants priced in `currency`. Shoppers (`includeInactive: false`) see only
 * active products and variants, and a product with nothing left to buy is not found; the merchant
 * view shows everything. Variants without a price in `currency` are never shown.
 */
export async function productDetail(
  db: CatalogDb,
  slug: string,
  currency: Currency,
  options: { includeInactive: boolean },
): Promise<ProductDetail | null> {
  const [product] = await db.select().from(products).where(eq(products.slug, slug)).limit(1);
  if (!product || (!product.active && !options.includeInactive)) return null;
  const variantRows = await db
    .select()
    .from(variants)
    .where(options.includeInactive ? eq(variants.productId, product.id) : and(eq(variants.productId, product.id), eq(variants.active, true)))
    .orderBy(asc(variants.position), asc(variants.id));
  const prices = await pricesOf(db, variantRows.map((v) => v.id));
  const views = variantRows.flatMap((v): VariantView[] => {
    const amount = prices.get(v.id)?.[currency];
    if (amount === undefined) return [];
    return [{ id: v.id, sku: v.sku, title: v.title, options: v.options, price: { amount, currency }, stockState: stockStateOf(v.stock), active: v.active }];
  });
  const active = views.filter((v) => v.active);
  const priced = active.length > 0 ? active : views;
  if (priced.length === 0 && !options.includeInactive) return null;
  const activeStock = variantRows.filter((v) => v.active).reduce((sum, v) => sum + v.stock, 0);
  const categoryIndex = await loadCategoryIndex(db);
  const categoryPath = categoryIndex.path(product.categoryId);
  return {
    id: product.id,
    slug: product.slug,
    title: product.title,
    description: product.description,
    categorySlug: categoryPath.at(-1)?.slug ?? "",
    categoryPath: categoryPath.map((c) => ({ slug: c.slug, name: c.name })),
    imageUrl: product.imageUrl,
    options: shownOptions(product.options, views),
    variants: views,
    price: { amount: priced.length > 0 ? Math.min(...priced.map((v) => v.price.amount)) : 0, currency },
    stockState: stockStateOf(activeStock),
    active: product.active,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}

/**
 * Variants as the cart sees them, in the order asked for. Inactive ones are included with
 * `active: false` so the cart can tell the shopper; unknown ids are left out.
 */
export async function sellableVariants(db: CatalogDb, ids: readonly string[]): Promise<SellableVariant[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ variant: variants, product: products })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(inArray(variants.id, [...ids]));
  const [prices, categoryIndex] = await Promise.all([pricesOf(db, rows.map((r) => r.variant.id)), loadCategoryIndex(db)]);
  const byId = new Map(rows.map((r) => [r.variant.id, r]));
  return [...new Set(ids)].flatMap((id): SellableVariant[] => {
    const row = byId.get(id);
    if (!row) return [];
    const { variant, product } = row;
    return [{ ...offerOf(product, variant, prices.get(variant.id) ?? {}, categorySlugPath(categoryIndex, product.categoryId)), stockState: stockStateOf(variant.stock) }];
  });
}

