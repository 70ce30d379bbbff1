import { Hono } from "hono";
import { CATEGORIES_KEY, parseCurrency, parseSlug, productKey, productListKeyForSearch, searchOf } from "./keys.ts";
import { readCatalog } from "./read.ts";
import { catalogJson, catalogJsonErrors } from "./respond.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * The catalog JSON API, mounted at /api. The same for every shopper, so it needs no session and
 * every answer comes from the layered edge cache (see catalog/read.ts).
 */
export const catalogRoutes = new Hono<EdgeEnv>();
catalogRoutes.onError(catalogJsonErrors);

catalogRoutes.get("/products", async (c) => catalogJson(c, await readCatalog(c, productListKeyForSearch(searchOf(c.req.url)))));

catalogRoutes.get("/products/:slug", async (c) => {
  const key = productKey(parseSlug(c.req.param("slug")), parseCurrency(c.req.query()));
  return catalogJson(c, await readCatalog(c, key));
});

catalogRoutes.get("/categories", async (c) => catalogJson(c, await readCatalog(c, CATEGORIES_KEY)));
