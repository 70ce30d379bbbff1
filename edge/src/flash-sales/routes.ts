import { createOpenApiApp } from "../../../platform/openapi.ts";
import { reserveFlashSaleRoute } from "../../../contracts/storefront/flash-sales.ts";
import { preferredCurrency } from "../ui/currency.ts";
import type { EdgeEnv } from "../types.ts";
import { reserveFlashSale } from "./reserve.ts";

/** The flash-sale JSON API (contracts/storefront/flash-sales.ts), behind the session middleware. */
export const flashSaleRoutes = createOpenApiApp<EdgeEnv>();

flashSaleRoutes.use("/api/flash-sales/*", async (c, next) => {
  await next();
  c.header("cache-control", "private, no-store");
});

flashSaleRoutes.openapi(reserveFlashSaleRoute, async (c) => {
  const { id } = c.req.valid("param");
  // The body is optional: no body reserves one unit.
  const { quantity } = c.req.header("content-length") === "0" || !c.req.header("content-type") ? { quantity: 1 } : c.req.valid("json");
  return c.json(await reserveFlashSale(c, id, quantity, preferredCurrency(c)), 201);
});
