import { and, eq, inArray, sql } from "drizzle-orm";
import { AppError, notFound } from "../../platform/errors.ts";
import { appendEvent } from "../shared/outbox.ts";
import type { CatalogDb, CatalogTx } from "./db.ts";
import { VARIANT_UPSERTED } from "../../contracts/catalog/events.ts";
import { categorySlugPath, loadCategoryIndex } from "./categories.ts";
import { variantUpserted } from "./offers.ts";
import { refreshProductPrices } from "./product-prices.ts";
import { pricesOf } from "./products.ts";
import { products, variantPrices, variants, type ProductRow } from "./schema.ts";
import type { ProductPatch } from "../../contracts/catalog/requests.ts";

type VariantPatch = NonNullable<ProductPatch["variants"]>[number];

function invalidVariant(index: number, message: string): AppError {
  const path = `variants.${index}.id`;
  return new AppError("VALIDATION_FAILED", `${path}: ${message}`, { issues: [{ path, message }] });
}

async function applyVariantPatch(tx: CatalogTx, patch: VariantPatch): Promise<void> {
  const set: Partial<{ stock: number; active: boolean }> = {};
  if (patch.stock !== undefined) set.stock = patch.stock;
  if (patch.active !== undefined) set.active = patch.active;
  if (Object.keys(set).length > 0) await tx.update(variants).set(set).where(eq(variants.id, patch.id));
  const prices = Object.entries(patch.prices ?? {}).filter((e): e is [string, number] => e[1] !== undefined);
  if (prices.length > 0) {
    await tx
      .insert(variantPrices)
      .values(prices.map(([currency, amount]) => ({ variantId: patch.id, currency, amount })))
      .onConflictDoUpdate({ target: [variantPrices.variantId, variantPrices.currency], set: { amount: sql`excluded.amount` } });
  }
}

/**
 * One `variant.upserted` per affected variant, in the transaction of the change: every variant
 * when the product itself changed, else just the patched ones. Even a description-only edit
 * publishes, because the edge caches by catalog version and must see it. The stock travels only
 * where the merchant set it, since the orders service owns the count from then on.
 */
async function publish(tx: CatalogTx, product: ProductRow, patch: ProductPatch): Promise<void> {
  const patched = new Map((patch.variants ?? []).map((v) => [v.id, v]));
  const everyVariant = patch.title !== undefined || patch.description !== undefined || patch.active !== undefined;
  if (!everyVariant && patched.size === 0) return;
  const rows = await tx
    .select()
    .from(variants)
    .where(everyVariant ? eq(variants.productId, product.id) : and(eq(variants.productId, product.id), inArray(variants.id, [...patched.keys()])))
    .orderBy(variants.position, variants.id);
  const prices = await pricesOf(tx, rows.map((v) => v.id));
  const categorySlugs = categorySlugPath(await loadCategoryIndex(tx), product.categoryId);
  for (const v of rows) {
    const stockOnHand = patched.get(v.id)?.stock;
    await appendEvent(tx, VARIANT_UPSERTED, v.id, variantUpserted(product, v, prices.get(v.id) ?? {}, categorySlugs, stockOnHand));
  }
}

/**
 * Applies a merchant's change to a product and its variants, with the minimum prices and the
 * feed events in the same transaction, so the catalog version moves exactly when data does.
 */
export async function updateProduct(db: CatalogDb, slug: string, patch: ProductPatch): Promise<void> {
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(products).where(eq(products.slug, slug)).for("update");
    if (!current) throw notFound(`no product "${slug}"`);
    const patches = patch.variants ?? [];
    const owned = new Set((await tx.select({ id: variants.id }).from(variants).where(eq(variants.productId, current.id))).map((v) => v.id));
    const seen = new Set<string>();
    patches.forEach((v, i) => {
      if (!owned.has(v.id)) throw invalidVariant(i, `variant ${v.id} does not belong to product ${slug}`);
      if (seen.has(v.id)) throw invalidVariant(i, `variant ${v.id} appears more than once`);
      seen.add(v.id);
    });

    const productChanges = {
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
    };
    if (Object.keys(productChanges).length === 0 && patches.length === 0) return;
    const [product] = await tx
      .update(products)
      .set({ ...productChanges, updatedAt: new Date() })
      .where(eq(products.id, current.id))
      .returning();
    if (!product) throw notFound(`no product "${slug}"`);
    for (const v of patches) await applyVariantPatch(tx, v);
    if (patches.some((v) => v.prices !== undefined || v.active !== undefined)) await refreshProductPrices(tx, [product.id]);
    await publish(tx, product, patch);
  });
}
