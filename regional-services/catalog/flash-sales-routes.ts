import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Env } from "hono";
import {
  catalogFlashSaleRoute,
  catalogFlashSalesRoute,
  merchantCancelFlashSaleRoute,
  merchantCreateFlashSaleRoute,
  merchantGetFlashSaleRoute,
  merchantListFlashSalesRoute,
  merchantPatchFlashSaleRoute,
} from "../../contracts/flash-sales/routes.ts";
import type { CatalogDb } from "./db.ts";
import { gated, type MerchantAuth } from "./merchant-auth.ts";
import { cancelFlashSale, createFlashSale, currentFlashSales, getFlashSale, listFlashSales, patchFlashSale } from "./flash-sales.ts";

/**
 * Mounts the flash-sale routes (contracts/flash-sales/routes.ts) on the catalog app: merchant
 * routes behind their permission's gate, /catalog/* behind the app's signature middleware.
 */
export function mountFlashSaleRoutes<E extends Env>(app: OpenAPIHono<E>, db: CatalogDb, merchant: MerchantAuth): void {
  app.openapi(gated(merchant, merchantCreateFlashSaleRoute), async (c) => c.json({ flashSale: await createFlashSale(db, c.req.valid("json")) }, 201));
  app.openapi(gated(merchant, merchantListFlashSalesRoute), async (c) => c.json({ flashSales: await listFlashSales(db) }, 200));
  app.openapi(gated(merchant, merchantGetFlashSaleRoute), async (c) => c.json({ flashSale: await getFlashSale(db, c.req.valid("param").id) }, 200));
  app.openapi(gated(merchant, merchantPatchFlashSaleRoute), async (c) => c.json({ flashSale: await patchFlashSale(db, c.req.valid("param").id, c.req.valid("json")) }, 200));
  app.openapi(gated(merchant, merchantCancelFlashSaleRoute), async (c) => c.json({ flashSale: await cancelFlashSale(db, c.req.valid("param").id) }, 200));
  app.openapi(catalogFlashSalesRoute, async (c) => c.json({ flashSales: await currentFlashSales(db) }, 200));
  app.openapi(catalogFlashSaleRoute, async (c) => c.json({ flashSale: await getFlashSale(db, c.req.valid("param").id) }, 200));
}
