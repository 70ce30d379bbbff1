import { and, asc, count, eq, gt, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { MerchantProduct, MerchantProductListQuery, MerchantProductRow, ProductInput, ProductReplace } from "../../contracts/catalog/merchant-api.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import type { Currency } from "../../domain/money.ts";
import { loadCategoryIndex, type CategoryIndex } from "./categories.ts";
import type { CatalogDb, CatalogTx } from "./db.ts";
import { updateProduct } from "./merchant.ts";
import { draftOf, type DraftProblem } from "./product-drafts.ts";
import { saveDrafts } from "./product-store.ts";
import { pricesOf } from "./products.ts";
import { products, variants, type ProductRow, type VariantRow } from "./schema.ts";

/**
 * The admin's products: created, replaced and archived through product-store.ts, read back with
 * every variant, price and image, and listed with archived ones included (unlike the shop).
 */

/** The refusal of one product's save: 409 when anything is taken, else 400, every field named. */
function refusal(problems: readonly DraftProblem[]): AppError {
  const code = problems.some((p) => p.code === "ALREADY_EXISTS") ? "ALREADY_EXISTS" : "VALIDATION_FAILED";
  const issues = problems.map((p) => ({ path: p.field, message: p.message }));
  return new AppError(code, issues.map((i) => `${i.path}: ${i.message}`).join("; "), { issues });
}

/** A product row with its variant rows and their prices, as the merchant sees it. */
export function toMerchantProduct(product: ProductRow, rows: readonly VariantRow[], prices: ReadonlyMap<string, Partial<Record<Currency, number>>>, index: CategoryIndex): MerchantProduct {
  return {
    id: product.id,
    slug: product.slug,
    title: product.title,
    description: product.description,
    category: index.path(product.categoryId).at(-1)?.slug ?? "",
    imageUrl: product.imageUrl,
    images: product.images.length > 0 ? product.images : [product.imageUrl],
    options: product.options,
    variants: rows.map((v) => ({ id: v.id, sku: v.sku, title: v.title, options: v.options, prices: prices.get(v.id) ?? {}, stock: v.stock, active: v.active })),
    active: product.active,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}

/** The product `slug` as the merchant defines it, or undefined. */
export async function merchantProduct(db: CatalogDb | CatalogTx, slug: string): Promise<MerchantProduct | undefined> {
  const [product] = await db.select().from(products).where(eq(products.slug, slug)).limit(1);
  if (!product) return undefined;
  const rows = await db.select().from(variants).where(eq(variants.productId, product.id)).orderBy(asc(variants.position), asc(variants.id));
  const [prices, index] = await Promise.all([pricesOf(db, rows.map((v) => v.id)), loadCategoryIndex(db)]);
  return toMerchantProduct(product, rows, prices, index);
}

export async function requireMerchantProduct(db: CatalogDb, slug: string): Promise<MerchantProduct> {
  const product = await merchantProduct(db, slug);
  if (!product) throw notFound(`no product "${slug}"`);
  return product;
}

/** Creates a product; its variants given or generated (size × colour). */
export async function createProduct(db: CatalogDb, input: ProductInput): Promise<MerchantProduct> {
  await db.transaction(async (tx) => {
    const saved = await saveDrafts(tx, [draftOf(input, input.slug)], "create");
    if (!saved.ok) throw refusal(saved.problems);
  });
  return requireMerchantProduct(db, input.slug);
}

/** Replaces product `slug` as a whole; 404 when there is none (creating is POST's). */
export async function replaceProduct(db: CatalogDb, slug: string, input: ProductReplace): Promise<MerchantProduct> {
  await db.transaction(async (tx) => {
    const [current] = await tx.select({ id: products.id }).from(products).where(eq(products.slug, slug)).for("update");
    if (!current) throw notFound(`no product "${slug}"`);
    const saved = await saveDrafts(tx, [draftOf(input, slug)], "upsert");
    if (!saved.ok) throw refusal(saved.problems);
  });
  return requireMerchantProduct(db, slug);
}

/** Archives (or puts back) product `slug`: every variant's offer becomes (un)sellable in the same transaction. */
export async function setArchived(db: CatalogDb, slug: string, archived: boolean): Promise<MerchantProduct> {
  await updateProduct(db, slug, { active: !archived });
  return requireMerchantProduct(db, slug);
}

const cursorOf = (slug: string) => Buffer.from(slug).toString("base64url");
function slugOfCursor(cursor: string): string {
  const slug = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[a-z0-9-]{1,200}$/.test(slug)) throw new AppError("VALIDATION_FAILED", "cursor: cursor is malformed", { issues: [{ path: "cursor", message: "cursor is malformed" }] });
  return slug;
}

/** A page of products by slug, archived ones included unless `status` says otherwise. */
export async function listMerchantProducts(db: CatalogDb, query: MerchantProductListQuery): Promise<{ products: MerchantProductRow[]; nextCursor: string | null }> {
  const index = await loadCategoryIndex(db);
  const conditions: (SQL | undefined)[] = [];
  if (query.status !== "all") conditions.push(eq(products.active, query.status === "active"));
  if (query.category) {
    const category = index.bySlug.get(query.category);
    if (!category) throw notFound(`no category "${query.category}"`);
    conditions.push(inArray(products.categoryId, index.descendantIds(category.id)));
  }
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    conditions.push(or(ilike(products.title, like), ilike(products.slug, like), sql`exists (select 1 from ${variants} where ${variants.productId} = ${products.id} and ${variants.sku} ilike ${like})`));
  }
  if (query.cursor) conditions.push(gt(products.slug, slugOfCursor(query.cursor)));
  const rows = await db
    .select({ product: products, variantCount: count(variants.id) })
    .from(products)
    .leftJoin(variants, eq(variants.productId, products.id))
    .where(and(...conditions))
    .groupBy(products.id)
    .orderBy(asc(products.slug))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    products: page.map(({ product, variantCount }) => ({
      id: product.id,
      slug: product.slug,
      title: product.title,
      category: index.path(product.categoryId).at(-1)?.slug ?? "",
      imageUrl: product.imageUrl,
      active: product.active,
      variantCount: Number(variantCount),
      updatedAt: product.updatedAt.toISOString(),
    })),
    nextCursor: rows.length > query.limit && last ? cursorOf(last.product.slug) : null,
  };
}
