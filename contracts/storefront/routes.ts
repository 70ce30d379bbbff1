import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { SECURITY_SCHEMES } from "../../platform/openapi.ts";
import { withPatternFlagsDropped } from "../../platform/openapi-patterns.ts";
import { ACCOUNT_ROUTES } from "./account.ts";
import { CART_ROUTES } from "./cart.ts";
import { CATALOG_ROUTES } from "./catalog.ts";
import { checkoutRoute } from "./checkout.ts";
import { FLASH_SALE_ROUTES } from "./flash-sales.ts";
import { ORDER_ROUTES } from "./orders.ts";

export * from "./account.ts";
export * from "./cart.ts";
export * from "./catalog.ts";
export * from "./checkout.ts";
export * from "./flash-sales.ts";
export * from "./orders.ts";

/** Every route of the storefront JSON API (the edge's `/api/*`), declared once. */
export const STOREFRONT_ROUTES = [...CATALOG_ROUTES, ...CART_ROUTES, checkoutRoute, ...ORDER_ROUTES, ...ACCOUNT_ROUTES, ...FLASH_SALE_ROUTES] as const;

export const STOREFRONT_INFO = {
  title: "edgeshop storefront API",
  version: "1.0.0",
  description:
    "The JSON API a storefront (web, mobile) is built on. Personal routes use the `edgeshop_session` cookie the edge sets on the first answer: keep and send it back. " +
    "Money is integer minor units of `currency`. Errors are `{ error: { code, message, details? } }`. A typed client: contracts/storefront/client.ts.",
};

export const STOREFRONT_SECURITY = ["sessionCookie"] as const;

/**
 * The OpenAPI 3.1 document of the storefront API, made from the declarations alone (no app, no
 * I/O), so Node can check it; the edge's `/api/openapi.json` must equal it (edge/test/api-document.test.ts).
 */
export function storefrontDocument() {
  const registry = new OpenAPIRegistry();
  for (const name of STOREFRONT_SECURITY) registry.registerComponent("securitySchemes", name, SECURITY_SCHEMES[name]);
  for (const route of STOREFRONT_ROUTES) registry.registerPath(route);
  return withPatternFlagsDropped(new OpenApiGeneratorV31(registry.definitions).generateDocument({ openapi: "3.1.0", info: STOREFRONT_INFO }));
}
