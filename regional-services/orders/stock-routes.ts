import { merchantAdjustStockRoute, merchantStockLevelsRoute, merchantVariantStockRoute } from "../../contracts/orders/stock-routes.ts";
import { actorOf, gated, type MerchantAuth } from "../shared/merchant-auth.ts";
import type { ServiceApp } from "../shared/server.ts";
import type { OrdersDb } from "./db.ts";
import { adjustStock, stockLevels, variantStock } from "./stock-adjustments.ts";

/** Mounts the admin's stock routes (contracts/orders/stock-routes.ts) on the orders app. */
export function mountStockRoutes(app: ServiceApp, db: OrdersDb, merchant: MerchantAuth): void {
  app.openapi(gated(merchant, merchantStockLevelsRoute), async (c) => c.json({ stock: await stockLevels(db, c.req.valid("query").variants) }, 200));
  app.openapi(gated(merchant, merchantVariantStockRoute), async (c) => c.json(await variantStock(db, c.req.valid("param").id), 200));
  app.openapi(gated(merchant, merchantAdjustStockRoute), async (c) =>
    c.json(await adjustStock(db, c.req.valid("param").id, c.req.valid("json"), actorOf(c), c.req.valid("header")["idempotency-key"]), 201),
  );
}
