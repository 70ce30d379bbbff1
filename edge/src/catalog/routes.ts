import type { RouteConfig, RouteConfigToTypedResponse } from "@hono/zod-openapi";
import { createOpenApiApp } from "../../../platform/openapi.ts";
import { getProductRoute, listCategoriesRoute, listProductsRoute } from "../../../contracts/storefront/catalog.ts";
import { CATEGORIES_KEY, productKey, productListKeyForSearch, searchOf } from "./keys.ts";
import { readCatalog } from "./read.ts";
import { catalogJson, catalogJsonErrors } from "./respond.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * The catalog JSON API (contracts/storefront/catalog.ts). The same for every shopper, so it needs
 * no session and every answer comes from the layered edge cache (see catalog/read.ts).
 */
export const catalogRoutes = createOpenApiApp<EdgeEnv>();
catalogRoutes.onError(catalogJsonErrors);

/**
 * A catalog answer is the cached body string, served as is (catalog/respond.ts): it was the
 * declared JSON when the origin wrote it, so it is typed as the route's answer without re-parsing.
 */
const declared = <R extends RouteConfig>(_route: R, res: Response) => res as unknown as RouteConfigToTypedResponse<R>;

// The list query is documented by the declaration but checked by keys.ts, once per distinct
// query string (zod on every request is the largest cost of a memory hit), not by a validator.
catalogRoutes.openAPIRegistry.registerPath(listProductsRoute);
catalogRoutes.openapi({ ...listProductsRoute, request: {}, hide: true }, async (c) =>
  declared(listProductsRoute, catalogJson(c, await readCatalog(c, productListKeyForSearch(searchOf(c.req.url))))),
);

catalogRoutes.openapi(getProductRoute, async (c) => {
  const key = productKey(c.req.valid("param").slug, c.req.valid("query").currency);
  return declared(getProductRoute, catalogJson(c, await readCatalog(c, key)));
});

catalogRoutes.openapi(listCategoriesRoute, async (c) => declared(listCategoriesRoute, catalogJson(c, await readCatalog(c, CATEGORIES_KEY))));
