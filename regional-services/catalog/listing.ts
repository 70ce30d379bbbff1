import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { stockStateOf } from "../../domain/catalog.ts";
import { type ProductListPage, type ProductListQuery, type ProductSummary } from "../../contracts/catalog/views.ts";
import { notFound } from "../../platform/errors.ts";
import type { CategoryIndex } from "./categories.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import type { CatalogDb } from "./db.ts";
import { categories, productPrices, products, variants } from "./schema.ts";
import { searchCondition } from "./search.ts";

/** Units across a product's active variants: what the listing's stock badge is based on. */
const availableUnits = sql<number>`(select coalesce(sum(${variants.stock}), 0) from ${variants} where ${variants.productId} = ${products.id} and ${variants.active})`.mapWith(Number);

/** Where the page starts, as a row comparison the sort's index can seek to. */
function afterCursor(query: ProductListQuery): SQL | undefined {
  if (!query.cursor) return undefined;
  const c = decodeCursor(query.cursor, query.sort, query.currency);
  switch (c.sort) {
    case "newest":
      return sql`(${products.createdAt}, ${products.id}) < (${String(c.key)}::timestamptz, ${c.id})`;
    case "price_asc":
      return sql`(${productPrices.minAmount}, ${productPrices.productId}) > (${Number(c.key)}, ${c.id})`;
    case "price_desc":
      return sql`(${productPrices.minAmount}, ${productPrices.productId}) < (${Number(c.key)}, ${c.id})`;
  }
}

function ordering(query: ProductListQuery): SQL[] {
  switch (query.sort) {
    case "newest":
      return [desc(products.createdAt), desc(products.id)];
    case "price_asc":
      return [asc(productPrices.minAmount), asc(productPrices.productId)];
    case "price_desc":
      return [desc(productPrices.minAmount), desc(productPrices.productId)];
  }
}

/**
 * One page of the shopper listing, keyset-paginated: a page costs the same wherever it is, and a
 * walk through all pages meets every listed product exactly once (id breaks ties). An unknown
 * category is a 404, so a mistyped category link says so instead of showing an empty shelf.
 */
export async function listProducts(db: CatalogDb, categoryIndex: CategoryIndex, query: ProductListQuery): Promise<ProductListPage> {
  const conditions: (SQL | undefined)[] = [eq(products.active, true), afterCursor(query)];
  if (query.category !== undefined) {
    const category = categoryIndex.bySlug.get(query.category);
    if (!category) throw notFound(`no category "${query.category}"`);
    conditions.push(inArray(products.categoryId, categoryIndex.descendantIds(category.id)));
  }
  if (query.q) {
    const search = searchCondition(query.q);
    if (!search) return { products: [], nextCursor: null };
    conditions.push(search);
  }
  if (query.minPrice !== undefined) conditions.push(gte(productPrices.minAmount, query.minPrice));
  if (query.maxPrice !== undefined) conditions.push(lte(productPrices.minAmount, query.maxPrice));

  const rows = await db
    .select({
      id: products.id,
      slug: products.slug,
      title: products.title,
      categorySlug: categories.slug,
      imageUrl: products.imageUrl,
      createdAt: products.createdAt,
      amount: productPrices.minAmount,
      available: availableUnits,
    })
    .from(products)
    .innerJoin(productPrices, and(eq(productPrices.productId, products.id), eq(productPrices.currency, query.currency)))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(...conditions))
    .orderBy(...ordering(query))
    .limit(query.limit + 1);

  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const summaries = page.map(
    (r): ProductSummary => ({
      id: r.id,
      slug: r.slug,
      title: r.title,
      categorySlug: r.categorySlug,
      imageUrl: r.imageUrl,
      price: { amount: r.amount, currency: query.currency },
      stockState: stockStateOf(r.available),
      createdAt: r.createdAt.toISOString(),
    }),
  );
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor({ sort: query.sort, currency: query.currency, key: query.sort === "newest" ? last.createdAt.toISOString() : last.amount, id: last.id })
      : null;
  return { products: summaries, nextCursor };
}
