import { eq, inArray } from "drizzle-orm";
import { CATEGORY_UPSERTED, VARIANT_UPSERTED, type CategoryUpserted } from "../../contracts/catalog/events.ts";
import type { CategoryInput, CategoryPatch, MerchantCategory } from "../../contracts/catalog/merchant-api.ts";
import { wouldCycle } from "../../domain/category-tree.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { appendEvent, appendEvents } from "../shared/outbox.ts";
import { categorySlugPath, loadCategoryIndex, type CategoryIndex } from "./categories.ts";
import type { CatalogDb, CatalogTx } from "./db.ts";
import { variantUpserted } from "./offers.ts";
import { pricesOf } from "./products.ts";
import { categories, products, variants, type CategoryRow } from "./schema.ts";

/**
 * The admin's categories: created, renamed, moved and reordered, never into a cycle. Each change
 * publishes `category.upserted` in its transaction so the catalog version moves; a move also
 * republishes the variants below it, whose offers carry the category path (promotions match on it).
 */

const invalid = (field: string, message: string, code: "VALIDATION_FAILED" | "ALREADY_EXISTS" = "VALIDATION_FAILED") =>
  new AppError(code, `${field}: ${message}`, { issues: [{ path: field, message }] });

function view(index: CategoryIndex, row: CategoryRow): MerchantCategory {
  const path = index.path(row.id);
  return { id: row.id, slug: row.slug, name: row.name, parent: path.length > 1 ? (path.at(-2)?.slug ?? null) : null, position: row.position, path: path.map((c) => c.slug) };
}

/** Every category, each parent before its children, siblings by position. */
export async function listMerchantCategories(db: CatalogDb): Promise<MerchantCategory[]> {
  const index = await loadCategoryIndex(db);
  const walk = (row: CategoryRow): MerchantCategory[] => [view(index, row), ...index.children(row.id).flatMap(walk)];
  return index.roots().flatMap(walk);
}

export async function merchantCategory(db: CatalogDb | CatalogTx, slug: string): Promise<MerchantCategory> {
  const index = await loadCategoryIndex(db);
  const row = index.bySlug.get(slug);
  if (!row) throw notFound(`no category "${slug}"`);
  return view(index, row);
}

async function publishCategory(tx: CatalogTx, index: CategoryIndex, row: CategoryRow): Promise<void> {
  const payload: CategoryUpserted = { id: row.id, slug: row.slug, name: row.name, parentSlug: row.parentId ? ([...index.bySlug.values()].find((c) => c.id === row.parentId)?.slug ?? null) : null, position: row.position };
  await appendEvent(tx, CATEGORY_UPSERTED, row.id, payload);
}

/** The category `parent` names, or null for the top; a 400 naming `parent` when there is none. */
function parentIdOf(index: CategoryIndex, parent: string | null): string | null {
  if (parent === null) return null;
  const row = index.bySlug.get(parent);
  if (!row) throw invalid("parent", `no category ${parent}`);
  return row.id;
}

export async function createCategory(db: CatalogDb, input: CategoryInput): Promise<MerchantCategory> {
  return db.transaction(async (tx) => {
    // One category change at a time: two concurrent moves could otherwise make a cycle together.
    await tx.execute(`select pg_advisory_xact_lock(hashtext('catalog.categories'))`);
    const index = await loadCategoryIndex(tx);
    if (index.bySlug.has(input.slug)) throw invalid("slug", `category ${input.slug} already exists`, "ALREADY_EXISTS");
    const parentId = parentIdOf(index, input.parent);
    const [row] = await tx.insert(categories).values({ id: `cat_${crypto.randomUUID().replaceAll("-", "")}`, slug: input.slug, name: input.name, parentId, position: input.position }).returning();
    if (!row) throw new Error("category insert returned nothing");
    const after = await loadCategoryIndex(tx);
    await publishCategory(tx, after, row);
    return view(after, row);
  });
}

export async function patchCategory(db: CatalogDb, slug: string, patch: CategoryPatch): Promise<MerchantCategory> {
  return db.transaction(async (tx) => {
    await tx.execute(`select pg_advisory_xact_lock(hashtext('catalog.categories'))`);
    const index = await loadCategoryIndex(tx);
    const current = index.bySlug.get(slug);
    if (!current) throw notFound(`no category "${slug}"`);
    const parentId = patch.parent === undefined ? current.parentId : parentIdOf(index, patch.parent);
    const parentOf = new Map([...index.bySlug.values()].map((c) => [c.id, c.parentId]));
    if (wouldCycle(parentOf, current.id, parentId)) throw invalid("parent", `${patch.parent ?? ""} is ${slug} itself or below it; a category cannot be moved under itself`);
    const [row] = await tx
      .update(categories)
      .set({ name: patch.name ?? current.name, parentId, position: patch.position ?? current.position })
      .where(eq(categories.id, current.id))
      .returning();
    if (!row) throw notFound(`no category "${slug}"`);
    const after = await loadCategoryIndex(tx);
    await publishCategory(tx, after, row);
    if (parentId !== current.parentId) await republishBelow(tx, after, row.id);
    return view(after, row);
  });
}

/** Every variant of the products in `categoryId` and below, with its new category path. */
async function republishBelow(tx: CatalogTx, index: CategoryIndex, categoryId: string): Promise<void> {
  const rows = await tx
    .select({ product: products, variant: variants })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(inArray(products.categoryId, index.descendantIds(categoryId)));
  const prices = await pricesOf(tx, rows.map((r) => r.variant.id));
  await appendEvents(
    tx,
    rows.map(({ product, variant }) => ({ type: VARIANT_UPSERTED, subject: variant.id, payload: variantUpserted(product, variant, prices.get(variant.id) ?? {}, categorySlugPath(index, product.categoryId)) })),
  );
}
