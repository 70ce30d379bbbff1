import { and, asc, count, eq, exists } from "drizzle-orm";
import type { CategoryNode } from "../../contracts/catalog/views.ts";
import type { CatalogDb, CatalogTx } from "./db.ts";
import { categories, productPrices, products, type CategoryRow } from "./schema.ts";

/**
 * The category tree is small (tens of rows) and read whole: descendants and root-first paths are
 * worked out in memory rather than with recursive SQL.
 */
export interface CategoryIndex {
  bySlug: ReadonlyMap<string, CategoryRow>;
  /** The category and every category below it. */
  descendantIds(id: string): string[];
  /** Root first, ending with the category itself. */
  path(id: string): CategoryRow[];
  roots(): CategoryRow[];
  children(id: string): CategoryRow[];
}

/** Indexes the whole category table for lookups by slug, descendants and paths. */
export function indexCategories(rows: readonly CategoryRow[]): CategoryIndex {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const childrenOf = new Map<string | null, CategoryRow[]>();
  for (const row of [...rows].sort((a, b) => a.position - b.position || a.slug.localeCompare(b.slug))) {
    const siblings = childrenOf.get(row.parentId) ?? [];
    siblings.push(row);
    childrenOf.set(row.parentId, siblings);
  }
  const children = (id: string) => childrenOf.get(id) ?? [];
  const descendantIds = (id: string): string[] => [id, ...children(id).flatMap((c) => descendantIds(c.id))];
  const path = (id: string): CategoryRow[] => {
    const chain: CategoryRow[] = [];
    // The bound guards against a parent cycle in hand-edited data.
    for (let row = byId.get(id); row && chain.length < rows.length; row = row.parentId ? byId.get(row.parentId) : undefined) {
      chain.unshift(row);
    }
    return chain;
  };
  return {
    bySlug: new Map(rows.map((r) => [r.slug, r])),
    descendantIds,
    path,
    roots: () => childrenOf.get(null) ?? [],
    children,
  };
}

/** Reads the category table and indexes it. */
export async function loadCategoryIndex(db: CatalogDb | CatalogTx): Promise<CategoryIndex> {
  return indexCategories(await db.select().from(categories).orderBy(asc(categories.position)));
}

/** A category's slug and its ancestors', root first: the path a promotion's category condition matches on. */
export function categorySlugPath(index: CategoryIndex, categoryId: string): string[] {
  return index.path(categoryId).map((c) => c.slug);
}

/** Products a shopper can find: active, with at least one active, priced variant. */
async function listedCounts(db: CatalogDb): Promise<Map<string, number>> {
  const rows = await db
    .select({ categoryId: products.categoryId, n: count() })
    .from(products)
    .where(and(eq(products.active, true), exists(db.select().from(productPrices).where(eq(productPrices.productId, products.id)))))
    .groupBy(products.categoryId);
  return new Map(rows.map((r) => [r.categoryId, Number(r.n)]));
}

/** Roots with nested children; a category's count includes the products of its descendants. */
export async function categoryTree(db: CatalogDb): Promise<CategoryNode[]> {
  const [index, counts] = await Promise.all([loadCategoryIndex(db), listedCounts(db)]);
  const node = (row: CategoryRow): CategoryNode => {
    const path = index.path(row.id);
    return {
      id: row.id,
      slug: row.slug,
      name: row.name,
      parentSlug: path.length > 1 ? (path[path.length - 2]?.slug ?? null) : null,
      path: path.map((p) => p.slug),
      productCount: index.descendantIds(row.id).reduce((sum, id) => sum + (counts.get(id) ?? 0), 0),
      children: index.children(row.id).map(node),
    };
  };
  return index.roots().map(node);
}
