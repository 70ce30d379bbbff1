import { OpenAPIHono } from "@hono/zod-openapi";
import { SECURITY_SCHEMES } from "../../../platform/openapi.ts";
import { withPatternFlagsDropped } from "../../../platform/openapi-patterns.ts";
import { STOREFRONT_INFO, STOREFRONT_SECURITY } from "../../../contracts/storefront/routes.ts";
import { accountRoutes } from "../account/routes.ts";
import { cartRoutes } from "../cart/routes.ts";
import { catalogRoutes } from "../catalog/routes.ts";
import { checkoutRoutes } from "../checkout/routes.ts";
import { flashSaleRoutes } from "../flash-sales/routes.ts";
import { ordersRoutes } from "../checkout/order-routes.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * The OpenAPI 3.1 document of every `/api/*` JSON router, as mounted: made from the routers'
 * own registries (what `app.openapi()` registered), so a route mounted without its declaration,
 * or declared but not mounted, shows up as a difference from contracts/storefront's document.
 */
let document: unknown;

export function storefrontApiDocument(): unknown {
  if (document !== undefined) return document;
  const all = new OpenAPIHono<EdgeEnv>();
  for (const routes of [catalogRoutes, cartRoutes, checkoutRoutes, ordersRoutes, accountRoutes, flashSaleRoutes]) all.route("/", routes);
  for (const name of STOREFRONT_SECURITY) all.openAPIRegistry.registerComponent("securitySchemes", name, SECURITY_SCHEMES[name]);
  document = withPatternFlagsDropped(all.getOpenAPI31Document({ openapi: "3.1.0", info: STOREFRONT_INFO }));
  return document;
}
