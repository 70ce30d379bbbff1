import { sql } from "drizzle-orm";
import type { CatalogDb, CatalogTx } from "../db.ts";
import { VARIANT_UPSERTED } from "../../../contracts/catalog/events.ts";
import { categorySlugPath, indexCategories, type CategoryIndex } from "../categories.ts";
import { variantUpserted } from "../offers.ts";
import { insertPromotion } from "../promotions.ts";
import { DEMO_PROMOTIONS } from "../../../domain/promotions/demo.ts";
import { refreshProductPrices } from "../product-prices.ts";
import { categories, outbox, products, promotions, variantPrices, variants } from "../schema.ts";
import { appendEvents } from "../../shared/outbox.ts";
import { generateCatalog, type GenerateOptions, type SeedProduct } from "./generate.ts";

/** Rows per INSERT: well under Postgres' 65,535 bind parameters for the widest table. */
const BATCH = 500;

export interface SeedResult {
  seeded: boolean;
  products: number;
  variants: number;
  promotions: number;
}

async function insertInBatches<T>(rows: readonly T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/**
 * One `variant.upserted` per variant, with its stock: the orders service builds its offers and
 * inventory from these.
 */
async function publishVariants(tx: CatalogTx, seedProducts: readonly SeedProduct[], categoryIndex: CategoryIndex): Promise<void> {
  const events = seedProducts.flatMap((p) => {
    const categorySlugs = categorySlugPath(categoryIndex, p.categoryId);
    return p.variants.map((v) => ({ type: VARIANT_UPSERTED, subject: v.id, payload: variantUpserted(p, v, v.prices, categorySlugs, v.stock) }));
  });
  await appendEvents(tx, events);
}

/** The demo codes (WELCOME10, SAVE5, FREESHIP) as real merchant data, published like any other promotion. */
async function seedDemoPromotions(tx: CatalogTx): Promise<number> {
  for (const { id, updatedAt: _updatedAt, ...definition } of DEMO_PROMOTIONS) await insertPromotion(tx, id, definition);
  return DEMO_PROMOTIONS.length;
}

/**
 * Inserts the deterministic demo catalog in one transaction. Idempotent: a database that already
 * has products is left alone, so restarting a service never duplicates or resets the catalog.
 */
export async function seedCatalog(db: CatalogDb, options: GenerateOptions): Promise<SeedResult> {
  const result = await db.transaction(async (tx): Promise<SeedResult> => {
    // Two processes starting on one database must not both seed it.
    await tx.execute(sql`lock table ${products} in share row exclusive mode`);
    const existing = await tx.select({ id: products.id }).from(products).limit(1);
    if (existing.length > 0) {
      // A database seeded before promotions were catalog data still gets the demo codes, once.
      const anyPromotion = await tx.select({ id: promotions.id }).from(promotions).limit(1);
      return { seeded: false, products: 0, variants: 0, promotions: anyPromotion.length > 0 ? 0 : await seedDemoPromotions(tx) };
    }
    // Generated only once the table is known to be empty: every restart passes through here, and
    // building the demo catalog (2,000 products) costs a start-up's worth of CPU for nothing.
    const catalog = generateCatalog(options);
    await tx.insert(categories).values(catalog.categories);
    await insertInBatches(catalog.products, (batch) =>
      tx.insert(products).values(batch.map(({ variants: _variants, createdAt, ...p }) => ({ ...p, createdAt: new Date(createdAt), updatedAt: new Date(createdAt) }))),
    );
    const variantRows = catalog.products.flatMap((p) => p.variants.map(({ prices: _prices, ...v }) => ({ ...v, productId: p.id })));
    await insertInBatches(variantRows, (batch) => tx.insert(variants).values(batch));
    const priceRows = catalog.products.flatMap((p) =>
      p.variants.flatMap((v) => Object.entries(v.prices).map(([currency, amount]) => ({ variantId: v.id, currency, amount }))),
    );
    await insertInBatches(priceRows, (batch) => tx.insert(variantPrices).values(batch));
    await refreshProductPrices(tx);
    await publishVariants(tx, catalog.products, indexCategories(catalog.categories));
    return { seeded: true, products: catalog.products.length, variants: variantRows.length, promotions: await seedDemoPromotions(tx) };
  });
  // Fresh tables have no statistics; without them the planner guesses a handful of rows and
  // picks sorts over the listing indexes.
  if (result.seeded) await db.execute(sql`analyze`);
  return result;
}
