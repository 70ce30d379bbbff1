import type { Context } from "hono";
import { z } from "zod";
import { notFound } from "../../platform/errors.ts";
import { parse, parseJsonBody } from "../../platform/http.ts";
import { currencyQuerySchema, productListQuerySchema, slugSchema } from "../../contracts/text.ts";
import type { ServiceEnv } from "../shared/env.ts";
import { feedRoute } from "../shared/feed-route.ts";
import { latestSeq } from "../shared/outbox.ts";
import { createServiceApp, requireSignature, type ServiceApp } from "../shared/server.ts";
import { categoryTree, loadCategoryIndex } from "./categories.ts";
import type { CatalogDb } from "./db.ts";
import { listProducts } from "./listing.ts";
import { requireMerchant } from "./merchant-auth.ts";
import { updateProduct } from "./merchant.ts";
import { productDetail, sellableVariants } from "./products.ts";
import { productPatchSchema, variantIdsQuerySchema } from "../../contracts/catalog/requests.ts";

export interface CatalogDeps {
  db: CatalogDb;
  env: ServiceEnv;
}

const slugParam = z.object({ slug: slugSchema });

/**
 * The catalog service's HTTP API (docs/internal-api.md, "Catalog service"). Shopper reads and the
 * event feed need a signed request from the edge or a sibling service; merchant routes need the
 * merchant token instead.
 */
export function createCatalogApp({ db, env }: CatalogDeps): ServiceApp {
  const app = createServiceApp("catalog");
  const signed = requireSignature([env.raw.EDGE_SIGNING_SECRET, env.raw.SERVICE_SIGNING_SECRET]);
  app.use("/catalog/*", signed);
  app.use("/internal/*", signed);
  app.use("/merchant/*", requireMerchant(env.raw.MERCHANT_TOKEN));

  app.get("/catalog/version", async (c) => c.json({ version: await latestSeq(db) }));

  app.get("/catalog/categories", async (c) => c.json({ categories: await categoryTree(db) }));

  app.get("/catalog/products", async (c) => {
    const query = parse(productListQuerySchema, c.req.query());
    return c.json(await listProducts(db, await loadCategoryIndex(db), query));
  });

  /** The product of the route's `:slug` in the query's currency, as shoppers or as the merchant see it; else 404. */
  const productOf = async (c: Context, includeInactive: boolean) => {
    const { slug } = parse(slugParam, c.req.param());
    const { currency } = parse(currencyQuerySchema, c.req.query());
    const product = await productDetail(db, slug, currency, { includeInactive });
    if (!product) throw notFound(`no product "${slug}"`);
    return { product };
  };

  app.get("/catalog/products/:slug", async (c) => c.json(await productOf(c, false)));

  app.get("/catalog/variants", async (c) => {
    const { ids } = parse(variantIdsQuerySchema, c.req.query());
    return c.json({ variants: await sellableVariants(db, ids) });
  });

  app.get("/merchant/products/:slug", async (c) => c.json(await productOf(c, true)));

  app.patch("/merchant/products/:slug", async (c) => {
    const { slug } = parse(slugParam, c.req.param());
    // Validate the currency before writing, so a bad query never leaves a change behind a 400.
    parse(currencyQuerySchema, c.req.query());
    await updateProduct(db, slug, await parseJsonBody(c, productPatchSchema));
    return c.json(await productOf(c, true));
  });

  feedRoute(app, db);

  return app;
}
