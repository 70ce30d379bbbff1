import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase, postgresAvailable, type ScratchDatabase } from "../../shared/testing.ts";
import { leafCategorySlug, openFixture, type CatalogFixture } from "./fixture.ts";

/**
 * Saves at the same moment on the real Postgres (a pool of connections, unlike PGlite's one):
 * two creations claiming one slug or one SKU make one product and one 409, never a 500.
 */
const available = await postgresAvailable();

describe.skipIf(!available)("product saves at the same moment (Postgres)", () => {
  let scratch: ScratchDatabase;
  let f: CatalogFixture;
  beforeAll(async () => {
    scratch = await createScratchDatabase("catalog_saves");
    f = await openFixture({ products: 4, url: scratch.url });
  });
  afterAll(async () => {
    await f.close();
    await scratch.drop();
  });

  const create = (slug: string, sku: string) =>
    f.merchant("POST", "/merchant/products", { slug, title: "Race", category: leafCategorySlug(f.catalog), images: ["/r.png"], variants: [{ sku, prices: { USD: 100 }, stock: 1 }] });

  it("lets one of two creations of the same slug through and refuses the other with 409", async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => create("race-slug", `RACE-SLUG-${i}`)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });

  it("lets one of two products claim a SKU", async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => create(`race-sku-${i}`, "RACE-SKU")));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });
});
