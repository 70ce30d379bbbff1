import type { Context } from "hono";
import type { CategoryNode, ProductDetail, ProductListPage, ProductListQuery } from "../../../contracts/catalog/views.ts";
import { notFound } from "../../../platform/errors.ts";
import type { Currency } from "../../../domain/money.ts";
import type { EdgeEnv } from "../types.ts";
import { entryJson, type CatalogRead } from "./entry.ts";
import { CATEGORIES_KEY, productKey, productListKey, type CatalogKey } from "./keys.ts";
import { readCatalog } from "./read.ts";

/**
 * Typed catalog reads for the pages: the very same cached answers as the JSON API, parsed once
 * per cached entry. Each result keeps its `read` so a page can report the cache layer it used.
 */
export interface Read<T> {
  data: T;
  read: CatalogRead;
}

export function listProducts(c: Context<EdgeEnv>, query: ProductListQuery): Promise<Read<ProductListPage>> {
  return listProductsAt(c, productListKey(query));
}

/** A product list by its normalised key (keys.ts), for callers that keep the key of a query. */
export async function listProductsAt(c: Context<EdgeEnv>, key: CatalogKey): Promise<Read<ProductListPage>> {
  const read = await readCatalog(c, key);
  if (read.entry.status === 404) throw notFound("no such category");
  return { data: entryJson<ProductListPage>(read.entry), read };
}

/** The product, or undefined when the catalog has no (active) product with that slug. */
export async function productBySlug(c: Context<EdgeEnv>, slug: string, currency: Currency): Promise<Read<ProductDetail | undefined>> {
  const read = await readCatalog(c, productKey(slug, currency));
  const data = read.entry.status === 404 ? undefined : entryJson<{ product: ProductDetail }>(read.entry).product;
  return { data, read };
}

export async function categoryTree(c: Context<EdgeEnv>): Promise<Read<CategoryNode[]>> {
  const read = await readCatalog(c, CATEGORIES_KEY);
  return { data: entryJson<{ categories: CategoryNode[] }>(read.entry).categories, read };
}

export function findCategory(nodes: readonly CategoryNode[], slug: string): CategoryNode | undefined {
  for (const node of nodes) {
    if (node.slug === slug) return node;
    const inChildren = findCategory(node.children, slug);
    if (inChildren) return inChildren;
  }
  return undefined;
}

/** Root-first names for a category's path, for breadcrumbs. */
export function categoryTrail(nodes: readonly CategoryNode[], category: CategoryNode): { slug: string; name: string }[] {
  return category.path.map((slug) => ({ slug, name: findCategory(nodes, slug)?.name ?? slug }));
}
