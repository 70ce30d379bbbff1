import { inArray, sql } from "drizzle-orm";
import { VARIANT_UPSERTED } from "../../contracts/catalog/events.ts";
import type { Currency } from "../../domain/money.ts";
import { appendEvents, type NewEvent } from "../shared/outbox.ts";
import { categorySlugPath, loadCategoryIndex } from "./categories.ts";
import type { CatalogTx } from "./db.ts";
import { variantUpserted } from "./offers.ts";
import { problemsWithin, type DraftProblem, type ProductDraft, type VariantDraft } from "./product-drafts.ts";
import { refreshProductPrices } from "./product-prices.ts";
import { pricesOf } from "./products.ts";
import { products, variantPrices, variants, type ProductRow, type VariantRow } from "./schema.ts";

/**
 * Saves product drafts (product-drafts.ts) in the caller's transaction, a thousand products as
 * cheaply as one: a few reads for everything, multi-row upserts, and one `variant.upserted` per
 * variant that changed, so the catalog version moves and orders learns of it. Variants are
 * matched by SKU; a product's variants missing from its draft are switched off, not deleted
 * (orders and carts still name them). A stock goes to orders (`stockOnHand`) only for a new
 * variant or where it differs from the one shown, so saving what was read back changes nothing.
 */
export type SaveMode = "create" | "upsert";

export interface SaveCounts {
  products: { created: number; updated: number; unchanged: number };
  variants: { created: number; updated: number; deactivated: number };
}

export type SaveOutcome = { ok: true; counts: SaveCounts } | { ok: false; problems: DraftProblem[] };

/** Rows per multi-row statement: well under Postgres's 65,535 parameters at 9 columns. */
const CHUNK = 1000;

const newId = (prefix: string) => `${prefix}_${crypto.randomUUID().replaceAll("-", "")}`;
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sorted = (record: Record<string, unknown>) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const sameRecord = (a: Record<string, unknown>, b: Record<string, unknown>) => sameJson(sorted(a), sorted(b));

async function inChunks<T>(rows: readonly T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

interface Existing {
  productsBySlug: Map<string, ProductRow>;
  variantsByProduct: Map<string, VariantRow[]>;
  ownerOfSku: Map<string, { productId: string; slug: string }>;
  prices: Map<string, Partial<Record<Currency, number>>>;
}

async function readExisting(tx: CatalogTx, drafts: readonly ProductDraft[]): Promise<Existing> {
  const slugs = drafts.map((d) => d.slug);
  const skus = drafts.flatMap((d) => d.variants.map((v) => v.sku));
  // Locked, so two saves of the same products queue instead of interleaving their variants.
  const productRows = slugs.length === 0 ? [] : await tx.select().from(products).where(inArray(products.slug, slugs)).orderBy(products.id).for("update");
  const productIds = productRows.map((p) => p.id);
  const variantRows = productIds.length === 0 ? [] : await tx.select().from(variants).where(inArray(variants.productId, productIds));
  const skuOwners =
    skus.length === 0
      ? []
      : await tx.select({ sku: variants.sku, productId: variants.productId, slug: products.slug }).from(variants).innerJoin(products, sql`${products.id} = ${variants.productId}`).where(inArray(variants.sku, skus));
  const variantsByProduct = new Map<string, VariantRow[]>();
  for (const v of variantRows) variantsByProduct.set(v.productId, [...(variantsByProduct.get(v.productId) ?? []), v]);
  return {
    productsBySlug: new Map(productRows.map((p) => [p.slug, p])),
    variantsByProduct,
    ownerOfSku: new Map(skuOwners.map((o) => [o.sku, { productId: o.productId, slug: o.slug }])),
    prices: await pricesOf(tx, variantRows.map((v) => v.id)),
  };
}

function problemsWithExisting(drafts: readonly ProductDraft[], existing: Existing, categoryIds: ReadonlyMap<string, string>, mode: SaveMode): DraftProblem[] {
  const problems: DraftProblem[] = [];
  drafts.forEach((d, product) => {
    const current = existing.productsBySlug.get(d.slug);
    if (mode === "create" && current) problems.push({ product, field: "slug", code: "ALREADY_EXISTS", message: `slug ${d.slug} is already a product` });
    if (!categoryIds.has(d.category)) problems.push({ product, field: "category", code: "VALIDATION_FAILED", message: `no category ${d.category}` });
    d.variants.forEach((v, index) => {
      const owner = existing.ownerOfSku.get(v.sku);
      if (owner && owner.productId !== current?.id) problems.push({ product, field: `variants.${index}.sku`, code: "ALREADY_EXISTS", message: `SKU ${v.sku} belongs to product ${owner.slug}` });
    });
  });
  return problems;
}

type VariantWrite = typeof variants.$inferInsert & { prices: Partial<Record<Currency, number>>; stockOnHand?: number };

function variantChanged(row: VariantRow, next: VariantWrite, prices: Partial<Record<Currency, number>>): boolean {
  return row.title !== next.title || row.active !== next.active || row.position !== next.position || row.stock !== next.stock || !sameRecord(row.options, next.options ?? {}) || !sameRecord(prices, next.prices);
}

function productChanged(row: ProductRow, next: typeof products.$inferInsert): boolean {
  return (
    row.title !== next.title ||
    row.description !== next.description ||
    row.categoryId !== next.categoryId ||
    row.imageUrl !== next.imageUrl ||
    // Rows from before the images column list none: their one image is `image_url`.
    !sameJson(row.images.length > 0 ? row.images : [row.imageUrl], next.images) ||
    !sameJson(row.options, next.options) ||
    row.active !== next.active
  );
}

/** Validates `drafts` against each other and the database, then writes them; nothing is written when any is refused. */
export async function saveDrafts(tx: CatalogTx, drafts: readonly ProductDraft[], mode: SaveMode): Promise<SaveOutcome> {
  // Saves queue, so two that claim the same new slug or SKU at once cannot both pass the checks
  // below and meet a unique index (a 500) instead of a 409. Merchant saves are rare; reads never wait.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('catalog.product-saves'))`);
  const index = await loadCategoryIndex(tx);
  const categoryIds = new Map([...index.bySlug].map(([slug, row]) => [slug, row.id]));
  const existing = await readExisting(tx, drafts);
  const problems = [...problemsWithin(drafts), ...problemsWithExisting(drafts, existing, categoryIds, mode)];
  if (problems.length > 0) return { ok: false, problems };

  const counts: SaveCounts = { products: { created: 0, updated: 0, unchanged: 0 }, variants: { created: 0, updated: 0, deactivated: 0 } };
  const now = new Date();
  const productWrites: (typeof products.$inferInsert)[] = [];
  const variantWrites: VariantWrite[] = [];
  const events: NewEvent[] = [];
  const touched: string[] = [];

  for (const d of drafts) {
    const current = existing.productsBySlug.get(d.slug);
    const categoryId = categoryIds.get(d.category) ?? "";
    const product = {
      id: current?.id ?? newId("prod"),
      slug: d.slug,
      title: d.title,
      description: d.description,
      categoryId,
      imageUrl: d.images[0] ?? "",
      images: d.images,
      options: d.options.map((o) => ({ name: o.name, values: [...o.values] })),
      active: d.active,
      updatedAt: now,
    };
    const productIsNew = !current;
    const productDiffers = productIsNew || productChanged(current, product);
    const currentVariants = current ? (existing.variantsByProduct.get(current.id) ?? []) : [];
    const bySku = new Map(currentVariants.map((v) => [v.sku, v]));
    const listed = new Set(d.variants.map((v) => v.sku));
    const next: { write: VariantWrite; changed: boolean }[] = d.variants.map((v: VariantDraft, position) => {
      const row = bySku.get(v.sku);
      const write: VariantWrite = { id: row?.id ?? newId("var"), productId: product.id, sku: v.sku, title: v.title, options: v.options, active: v.active, stock: v.stock, position, prices: v.prices };
      if (!row || row.stock !== v.stock) write.stockOnHand = v.stock;
      const changed = !row || variantChanged(row, write, existing.prices.get(row.id) ?? {});
      if (!row) counts.variants.created++;
      else if (changed) counts.variants.updated++;
      return { write, changed };
    });
    // Switched-off variants go after the listed ones, in their old order: positions never tie.
    const unlisted = currentVariants.filter((v) => !listed.has(v.sku)).sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
    unlisted.forEach((row, k) => {
      const position = d.variants.length + k;
      const write: VariantWrite = { ...row, active: false, position, prices: existing.prices.get(row.id) ?? {} };
      if (row.active) counts.variants.deactivated++;
      next.push({ write, changed: row.active || row.position !== position });
    });
    const anyVariantChanged = next.some((n) => n.changed);
    if (productIsNew) counts.products.created++;
    else if (productDiffers || anyVariantChanged) counts.products.updated++;
    else counts.products.unchanged++;
    if (!productDiffers && !anyVariantChanged) continue;

    if (productDiffers) productWrites.push(productIsNew ? { ...product, createdAt: now } : product);
    touched.push(product.id);
    const categorySlugs = categorySlugPath(index, categoryId);
    for (const { write, changed } of next) {
      if (changed) variantWrites.push(write);
      // A product-level change (title, image, archiving) reaches every variant's offer.
      if (changed || productDiffers) events.push({ type: VARIANT_UPSERTED, subject: write.id ?? "", payload: variantUpserted(product, { ...write, id: write.id ?? "", options: write.options ?? {}, active: write.active ?? true }, write.prices, categorySlugs, write.stockOnHand) });
    }
  }

  await inChunks(productWrites, (chunk) =>
    tx
      .insert(products)
      .values(chunk)
      .onConflictDoUpdate({
        target: products.id,
        set: {
          title: sql`excluded.title`,
          description: sql`excluded.description`,
          categoryId: sql`excluded.category_id`,
          imageUrl: sql`excluded.image_url`,
          images: sql`excluded.images`,
          options: sql`excluded.options`,
          active: sql`excluded.active`,
          updatedAt: sql`excluded.updated_at`,
        },
      }),
  );
  await inChunks(
    variantWrites.map(({ prices: _prices, stockOnHand: _stock, ...row }) => row),
    (chunk) =>
      tx
        .insert(variants)
        .values(chunk)
        .onConflictDoUpdate({
          target: variants.id,
          set: { title: sql`excluded.title`, options: sql`excluded.options`, active: sql`excluded.active`, stock: sql`excluded.stock`, position: sql`excluded.position` },
        }),
  );
  const changedIds = variantWrites.map((v) => v.id ?? "");
  await inChunks(changedIds, (chunk) => tx.delete(variantPrices).where(inArray(variantPrices.variantId, chunk)));
  const priceRows = variantWrites.flatMap((v) => Object.entries(v.prices).map(([currency, amount]) => ({ variantId: v.id ?? "", currency, amount: amount ?? 0 })));
  await inChunks(priceRows, (chunk) => tx.insert(variantPrices).values(chunk));
  await refreshProductPrices(tx, touched);
  await appendEvents(tx, events);
  return { ok: true, counts };
}
