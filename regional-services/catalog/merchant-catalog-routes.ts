import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Env } from "hono";
import {
  merchantArchiveProductRoute,
  merchantCreateCategoryRoute,
  merchantCreateProductRoute,
  merchantExportProductsRoute,
  merchantGetCategoryRoute,
  merchantImportProductsRoute,
  merchantListCategoriesRoute,
  merchantListProductsRoute,
  merchantPatchCategoryRoute,
  merchantProductDefinitionRoute,
  merchantReplaceProductRoute,
  merchantUnarchiveProductRoute,
} from "../../contracts/catalog/merchant-routes.ts";
import { AppError } from "../../platform/errors.ts";
import { createCategory, listMerchantCategories, merchantCategory, patchCategory } from "./category-admin.ts";
import { exportProductsCsv, importProductsCsv } from "./csv-transfer.ts";
import type { CatalogDb } from "./db.ts";
import { gated, type MerchantAuth } from "./merchant-auth.ts";
import { createProduct, listMerchantProducts, replaceProduct, requireMerchantProduct, setArchived } from "./merchant-products.ts";

/**
 * Mounts the admin's catalog management (contracts/catalog/merchant-routes.ts). Call it before
 * `GET /merchant/products/{slug}` is mounted, which would otherwise take `export.csv` for a slug.
 */
export function mountMerchantCatalogRoutes<E extends Env>(app: OpenAPIHono<E>, db: CatalogDb, merchant: MerchantAuth): void {
  app.openapi(gated(merchant, merchantExportProductsRoute), async (c) => {
    c.header("content-disposition", 'attachment; filename="products.csv"');
    return c.body(await exportProductsCsv(db), 200, { "content-type": "text/csv; charset=utf-8" });
  });
  app.openapi(gated(merchant, merchantImportProductsRoute), async (c) => {
    const type = c.req.header("content-type") ?? "";
    if (!/^text\/(csv|plain)\b/i.test(type)) throw new AppError("VALIDATION_FAILED", "body: send the CSV as text/csv", { issues: [{ path: "body", message: "send the CSV as text/csv" }] });
    return c.json(await importProductsCsv(db, await c.req.text()), 200);
  });
  app.openapi(gated(merchant, merchantListProductsRoute), async (c) => c.json(await listMerchantProducts(db, c.req.valid("query")), 200));
  app.openapi(gated(merchant, merchantCreateProductRoute), async (c) => c.json({ product: await createProduct(db, c.req.valid("json")) }, 201));
  app.openapi(gated(merchant, merchantProductDefinitionRoute), async (c) => c.json({ product: await requireMerchantProduct(db, c.req.valid("param").slug) }, 200));
  app.openapi(gated(merchant, merchantReplaceProductRoute), async (c) => c.json({ product: await replaceProduct(db, c.req.valid("param").slug, c.req.valid("json")) }, 200));
  app.openapi(gated(merchant, merchantArchiveProductRoute), async (c) => c.json({ product: await setArchived(db, c.req.valid("param").slug, true) }, 200));
  app.openapi(gated(merchant, merchantUnarchiveProductRoute), async (c) => c.json({ product: await setArchived(db, c.req.valid("param").slug, false) }, 200));
  app.openapi(gated(merchant, merchantListCategoriesRoute), async (c) => c.json({ categories: await listMerchantCategories(db) }, 200));
  app.openapi(gated(merchant, merchantCreateCategoryRoute), async (c) => c.json({ category: await createCategory(db, c.req.valid("json")) }, 201));
  app.openapi(gated(merchant, merchantGetCategoryRoute), async (c) => c.json({ category: await merchantCategory(db, c.req.valid("param").slug) }, 200));
  app.openapi(gated(merchant, merchantPatchCategoryRoute), async (c) => c.json({ category: await patchCategory(db, c.req.valid("param").slug, c.req.valid("json")) }, 200));
}
