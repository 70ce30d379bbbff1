import { notFound } from "../../platform/errors.ts";
import { serveOpenApiDocument } from "../../platform/openapi.ts";
import {
  catalogVersionRoute,
  categoriesRoute,
  merchantPatchProductRoute,
  merchantProductRoute,
  productListRoute,
  productRoute,
  variantsRoute,
} from "../../contracts/catalog/routes.ts";
import {
  activatePromotionRoute,
  archivePromotionRoute,
  catalogPromotionCodeRoute,
  catalogPromotionsRoute,
  createPromotionRoute,
  generateCodesRoute,
  getPromotionRoute,
  listPromotionsRoute,
  patchPromotionRoute,
  pausePromotionRoute,
} from "../../contracts/promotions/routes.ts";
import { EDGE_OR_SERVICE_SIGNED } from "../../contracts/security.ts";
import type { Currency } from "../../domain/money.ts";
import type { ServiceEnv } from "../shared/env.ts";
import { feedRoute } from "../shared/feed-route.ts";
import { latestSeq } from "../shared/outbox.ts";
import { createServiceApp, requireSignature, type ServiceApp } from "../shared/server.ts";
import { categoryTree, loadCategoryIndex } from "./categories.ts";
import type { CatalogDb } from "./db.ts";
import { listProducts } from "./listing.ts";
import { gated, type MerchantAuth } from "./merchant-auth.ts";
import { updateProduct } from "./merchant.ts";
import { mountFlashSaleRoutes } from "./flash-sales-routes.ts";
import { mountMerchantCatalogRoutes } from "./merchant-catalog-routes.ts";
import { MAX_CATALOG_IMPORT_BYTES } from "../../contracts/catalog/merchant-api.ts";
import { merchantImportProductsRoute } from "../../contracts/catalog/merchant-routes.ts";
import { productDetail, sellableVariants } from "./products.ts";
import { generateCodes } from "./promotion-codes.ts";
import { changeStatus, createPromotion, getPromotion, listPromotions, promotionOfCode, storefrontPromotions, updatePromotion } from "./promotions.ts";

export interface CatalogDeps {
  db: CatalogDb;
  env: ServiceEnv;
}

/**
 * The catalog service's HTTP API, declared in contracts/catalog/routes.ts and served as
 * `GET /openapi.json`. Shopper reads and the event feed need a signed request from the edge or a
 * sibling service; merchant routes need a staff member or API token with the route's permission
 * (regional-services/shared/merchant-auth.ts).
 */
export function createCatalogApp({ db, env }: CatalogDeps): ServiceApp {
  const app = createServiceApp("catalog", { largeBodies: { [merchantImportProductsRoute.path]: MAX_CATALOG_IMPORT_BYTES } });
  const signed = requireSignature([env.raw.EDGE_SIGNING_SECRET, env.raw.SERVICE_SIGNING_SECRET]);
  app.use("/catalog/*", signed);
  app.use("/internal/*", signed);
  const merchant: MerchantAuth = { edgeSecrets: [env.raw.EDGE_SIGNING_SECRET], legacyToken: env.raw.MERCHANT_TOKEN };

  /** The product `slug` in `currency`, as shoppers or as the merchant see it; else 404. */
  const productOf = async (slug: string, currency: Currency, includeInactive: boolean) => {
    const product = await productDetail(db, slug, currency, { includeInactive });
    if (!product) throw notFound(`no product "${slug}"`);
    return { product };
  };

  app.openapi(catalogVersionRoute, async (c) => c.json({ version: await latestSeq(db) }, 200));

  app.openapi(categoriesRoute, async (c) => c.json({ categories: await categoryTree(db) }, 200));

  app.openapi(productListRoute, async (c) => c.json(await listProducts(db, await loadCategoryIndex(db), c.req.valid("query")), 200));

  app.openapi(productRoute, async (c) => c.json(await productOf(c.req.valid("param").slug, c.req.valid("query").currency, false), 200));

  app.openapi(variantsRoute, async (c) => c.json({ variants: await sellableVariants(db, c.req.valid("query").ids) }, 200));

  mountMerchantCatalogRoutes(app, db, merchant);

  app.openapi(gated(merchant, merchantProductRoute), async (c) => c.json(await productOf(c.req.valid("param").slug, c.req.valid("query").currency, true), 200));

  // The query is validated before the body is written, so a bad currency never leaves a change behind a 400.
  app.openapi(gated(merchant, merchantPatchProductRoute), async (c) => {
    const { slug } = c.req.valid("param");
    await updateProduct(db, slug, c.req.valid("json"));
    return c.json(await productOf(slug, c.req.valid("query").currency, true), 200);
  });

  app.openapi(catalogPromotionsRoute, async (c) => c.json({ promotions: await storefrontPromotions(db) }, 200));

  app.openapi(catalogPromotionCodeRoute, async (c) => {
    const found = await promotionOfCode(db, c.req.valid("param").code);
    if (!found) throw notFound("no promotion has this code");
    return c.json(found, 200);
  });

  app.openapi(gated(merchant, createPromotionRoute), async (c) => c.json({ promotion: await createPromotion(db, c.req.valid("json")) }, 201));

  app.openapi(gated(merchant, listPromotionsRoute), async (c) => c.json({ promotions: await listPromotions(db, c.req.valid("query").status) }, 200));

  app.openapi(gated(merchant, getPromotionRoute), async (c) => c.json({ promotion: await getPromotion(db, c.req.valid("param").id) }, 200));

  app.openapi(gated(merchant, patchPromotionRoute), async (c) => c.json({ promotion: await updatePromotion(db, c.req.valid("param").id, c.req.valid("json")) }, 200));

  app.openapi(gated(merchant, pausePromotionRoute), async (c) => c.json({ promotion: await changeStatus(db, c.req.valid("param").id, "pause") }, 200));
  app.openapi(gated(merchant, activatePromotionRoute), async (c) => c.json({ promotion: await changeStatus(db, c.req.valid("param").id, "activate") }, 200));
  app.openapi(gated(merchant, archivePromotionRoute), async (c) => c.json({ promotion: await changeStatus(db, c.req.valid("param").id, "archive") }, 200));

  app.openapi(gated(merchant, generateCodesRoute), async (c) =>
    c.json(await generateCodes(db, c.req.valid("param").id, c.req.valid("json"), c.req.valid("header")["idempotency-key"]), 201),
  );
  mountFlashSaleRoutes(app, db, merchant);

  feedRoute(app, db, undefined, EDGE_OR_SERVICE_SIGNED);

  serveOpenApiDocument(app, "/openapi.json", { title: "edgeshop catalog service", version: "1" }, ["edgeSignature", "serviceSignature", "merchantToken"]);
  return app;
}
