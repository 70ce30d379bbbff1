import { createRoute, z } from "@hono/zod-openapi";
import { currencyQuerySchema, productListQuerySchema, slugSchema } from "../text.ts";
import { badRequest, notFound, unavailable } from "./responses.ts";
import { categoriesAnswerSchema, productAnswerSchema, productListPageSchema } from "./views.ts";

/**
 * The catalog JSON API: the same for every shopper, so no session, and answered from the edge's
 * caches (ETag, `If-None-Match` → 304; `x-edgeshop-cache` says which layer answered).
 */
const cached = <S extends z.ZodType>(description: string, schema: S) => ({
  description,
  content: { "application/json": { schema } },
  headers: z.object({
    ETag: z.string().openapi({ example: '"v42-1f3a"' }),
    "x-edgeshop-cache": z.enum(["hit-memory", "hit-cache", "miss", "stale"]).openapi({ description: "The cache layer that answered" }),
  }),
});
const notModified = { description: "Not modified: the client's `If-None-Match` names this body" };

export const listProductsRoute = createRoute({
  method: "get",
  path: "/api/products",
  tags: ["Catalog"],
  summary: "List products",
  description: "A page of products, newest first by default; filter by category, search text and price range. Follow `nextCursor` for the next page.",
  request: { query: productListQuerySchema },
  responses: {
    200: cached("A page of products", productListPageSchema),
    304: notModified,
    400: badRequest,
    503: unavailable,
  },
});

export const getProductRoute = createRoute({
  method: "get",
  path: "/api/products/{slug}",
  tags: ["Catalog"],
  summary: "Get a product with its variants",
  request: { params: z.object({ slug: slugSchema.meta({ example: "sunset-tee" }) }), query: currencyQuerySchema },
  responses: {
    200: cached("The product, priced in the requested currency", productAnswerSchema),
    304: notModified,
    400: badRequest,
    404: notFound("no such product"),
    503: unavailable,
  },
});

export const listCategoriesRoute = createRoute({
  method: "get",
  path: "/api/categories",
  tags: ["Catalog"],
  summary: "The category tree",
  responses: {
    200: cached("Root categories, each with its children", categoriesAnswerSchema),
    304: notModified,
    503: unavailable,
  },
});

export const CATALOG_ROUTES = [listProductsRoute, getProductRoute, listCategoriesRoute] as const;
