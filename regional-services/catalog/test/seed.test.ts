import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../shared/db.ts";
import { readEvents } from "../../shared/outbox.ts";
import { openCatalogDatabase, type CatalogSchema } from "../db.ts";
import type { VariantUpserted } from "../../../contracts/catalog/events.ts";
import { outbox, productPrices, products, variants } from "../schema.ts";
import { DEFAULT_PRODUCT_COUNT, generateCatalog } from "../seed/generate.ts";
import { seedCatalog } from "../seed/seed.ts";
import { DEMO_PROMOTIONS } from "../../../domain/promotions/demo.ts";

describe("seeding the demo catalog (2,000 products on PGlite)", () => {
  let handle: DatabaseHandle<CatalogSchema>;
  const catalog = generateCatalog({ seed: 99, products: DEFAULT_PRODUCT_COUNT });
  const variantCount = catalog.products.reduce((n, p) => n + p.variants.length, 0);

  beforeAll(async () => {
    handle = await openCatalogDatabase({ dataDir: "memory://", migrate: true });
    const result = await seedCatalog(handle.db, { seed: 99, products: DEFAULT_PRODUCT_COUNT });
    expect(result).toEqual({ seeded: true, products: 2_000, variants: variantCount, promotions: DEMO_PROMOTIONS.length });
  });
  afterAll(() => handle.close());

  it("inserts every product and variant, and one variant.upserted event per variant with its stock", async () => {
    const [p] = await handle.db.select({ n: count() }).from(products);
    const [v] = await handle.db.select({ n: count() }).from(variants);
    const [e] = await handle.db.select({ n: count() }).from(outbox).where(eq(outbox.type, "variant.upserted"));
    expect([Number(p?.n), Number(v?.n), Number(e?.n)]).toEqual([2_000, variantCount, variantCount]);
    const events = await readEvents(handle.db, 0, 5);
    const first = catalog.products[0]?.variants[0];
    expect(events.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((events[0]?.payload as VariantUpserted).stockOnHand).toBe(first?.stock);
  });

  it("stores the demo promotions as merchant data, published after the variants", async () => {
    const events = await readEvents(handle.db, variantCount, 10);
    expect(events.map((e) => [e.type, e.subject])).toEqual(DEMO_PROMOTIONS.map((d) => ["promotion.upserted", d.id]));
    expect(events.map((e) => (e.payload as { codes: string[] }).codes)).toEqual([["WELCOME10"], ["SAVE5"], ["FREESHIP"]]);
  });

  it("keeps each product's lowest active price per currency ready for sorting", async () => {
    const rows = await handle.db.select().from(productPrices).where(eq(productPrices.productId, "prod_00002"));
    const seeded = catalog.products[1];
    const active = seeded?.variants.filter((x) => x.active) ?? [];
    expect(Object.fromEntries(rows.map((r) => [r.currency, r.minAmount]))).toEqual(
      active.length === 0 ? {} : { USD: Math.min(...active.map((x) => x.prices.USD)), EUR: Math.min(...active.map((x) => x.prices.EUR)), GBP: Math.min(...active.map((x) => x.prices.GBP)) },
    );
  });

  it("gives a catalog seeded before promotions existed the demo promotions, once", async () => {
    const older = await openCatalogDatabase({ dataDir: "memory://", migrate: true });
    try {
      await seedCatalog(older.db, { seed: 1, products: 3 });
      await older.db.execute(sql`delete from promotion_codes`);
      await older.db.execute(sql`delete from promotions`);
      expect(await seedCatalog(older.db, { seed: 1, products: 3 })).toEqual({ seeded: false, products: 0, variants: 0, promotions: DEMO_PROMOTIONS.length });
      expect(await seedCatalog(older.db, { seed: 1, products: 3 })).toEqual({ seeded: false, products: 0, variants: 0, promotions: 0 });
    } finally {
      await older.close();
    }
  });

  it("does nothing on a second run, so restarts never duplicate the catalog", async () => {
    const before = await handle.db.select({ max: sql<number>`max(${outbox.seq})`.mapWith(Number) }).from(outbox);
    expect(await seedCatalog(handle.db, { seed: 99, products: DEFAULT_PRODUCT_COUNT })).toEqual({ seeded: false, products: 0, variants: 0, promotions: 0 });
    expect(await seedCatalog(handle.db, { seed: 1, products: 10 })).toMatchObject({ seeded: false });
    const after = await handle.db.select({ max: sql<number>`max(${outbox.seq})`.mapWith(Number) }).from(outbox);
    expect(after).toEqual(before);
  });
});
