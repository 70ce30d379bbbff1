import { createRoute, z } from "@hono/zod-openapi";
import { errorResponse } from "../../platform/openapi.ts";
import { EDGE_OR_SERVICE_SIGNED, merchant } from "../security.ts";
import { currencyQuerySchema, productListQuerySchema, slugSchema } from "../text.ts";
import { productPatchSchema, variantIdsQuerySchema } from "./requests.ts";
import { categoryNodeSchema, productDetailSchema, productListPageSchema, sellableVariantSchema, type ProductDetail } from "./views.ts";

/**
 * The catalog service's routes, declared once: regional-services/catalog/app.ts mounts them and
 * serves them as `GET /openapi.json`. Shopper reads accept the edge's or a sibling's signature;
 * merchant routes the merchant token.
 */

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } });
const unsigned = errorResponse("BAD_SIGNATURE: unsigned, expired or wrongly signed.");

const exampleProduct: ProductDetail = {
  id: "prod_0001",
  slug: "sunset-tee",
  title: "Sunset Tee",
  categorySlug: "apparel-shirts",
  imageUrl: "/images/sunset-tee.svg",
  price: { amount: 2400, currency: "USD" },
  stockState: "in_stock",
  createdAt: "2025-04-01T09:00:00.000Z",
  description: "A soft cotton tee in sunset colours.",
  categoryPath: [
    { slug: "apparel", name: "Apparel" },
    { slug: "apparel-shirts", name: "Shirts" },
  ],
  options: [{ name: "Size", values: ["S", "M"] }],
  variants: [
    { id: "var_0001", sku: "ES-0001-S", title: "Sunset Tee — S", options: { Size: "S" }, price: { amount: 2400, currency: "USD" }, stockState: "in_stock", active: true },
    { id: "var_0002", sku: "ES-0001-M", title: "Sunset Tee — M", options: { Size: "M" }, price: { amount: 2400, currency: "USD" }, stockState: "low_stock", active: true },
  ],
  active: true,
  updatedAt: "2025-05-01T12:00:00.000Z",
};

export const slugParamSchema = z.object({ slug: slugSchema.meta({ example: "sunset-tee" }) });
export const productResponseSchema = z.object({ product: productDetailSchema }).meta({ example: { product: exampleProduct } });

export const catalogVersionRoute = createRoute({
  method: "get",
  path: "/catalog/version",
  summary: "The catalog's newest outbox seq (the edge keys its cache on it)",
  responses: {
    200: json(z.object({ version: z.number().int().min(0) }).meta({ example: { version: 1234 } }), "The newest seq; 0 before any change."),
    401: unsigned,
  },
  security: EDGE_OR_SERVICE_SIGNED,
});

export const categoriesRoute = createRoute({
  method: "get",
  path: "/catalog/categories",
  summary: "The category tree: roots with nested children",
  responses: {
    200: json(
      z.object({ categories: z.array(categoryNodeSchema) }).meta({
        example: { categories: [{ id: "cat_1", slug: "apparel", name: "Apparel", parentSlug: null, path: ["apparel"], productCount: 12, children: [] }] },
      }),
      "Every category, roots first, each with its children.",
    ),
    401: unsigned,
  },
  security: EDGE_OR_SERVICE_SIGNED,
});

export const productListRoute = createRoute({
  method: "get",
  path: "/catalog/products",
  summary: "A page of products: filtered by category (and its descendants), search, price; sorted",
  request: { query: productListQuerySchema.meta({ example: { limit: 20, category: "apparel", q: "tee", sort: "price_asc", currency: "USD" } }) },
  responses: {
    200: json(
      productListPageSchema.meta({
        example: {
          products: [{ id: exampleProduct.id, slug: exampleProduct.slug, title: exampleProduct.title, categorySlug: exampleProduct.categorySlug, imageUrl: exampleProduct.imageUrl, price: exampleProduct.price, stockState: "in_stock", createdAt: exampleProduct.createdAt }],
          nextCursor: "bmV3ZXN0OjIwMjUtMDQtMDE",
        },
      }),
      "One page; `nextCursor` is null on the last page.",
    ),
    400: errorResponse("VALIDATION_FAILED naming the field (a bad `cursor` included)."),
    401: unsigned,
    404: errorResponse("NOT_FOUND: unknown `category`."),
  },
  security: EDGE_OR_SERVICE_SIGNED,
});

export const productRoute = createRoute({
  method: "get",
  path: "/catalog/products/{slug}",
  summary: "One active product as shoppers see it, priced in `currency`",
  request: { params: slugParamSchema, query: currencyQuerySchema },
  responses: {
    200: json(productResponseSchema, "The product with its variants."),
    400: errorResponse("VALIDATION_FAILED naming `slug` or `currency`."),
    401: unsigned,
    404: errorResponse("NOT_FOUND: no such product, or it is inactive."),
  },
  security: EDGE_OR_SERVICE_SIGNED,
});

export const variantsRoute = createRoute({
  method: "get",
  path: "/catalog/variants",
  summary: "Sellable variants by id, for the cart (unknown ids are left out)",
  request: { query: variantIdsQuerySchema.meta({ example: { ids: "var_0001,var_0002", currency: "USD" } }) },
  responses: {
    200: json(
      z.object({ variants: z.array(sellableVariantSchema) }).meta({
        example: {
          variants: [
            { variantId: "var_0001", productId: "prod_0001", categorySlugs: ["apparel", "apparel-shirts"], productSlug: "sunset-tee", title: "Sunset Tee — S", sku: "ES-0001-S", imageUrl: "/images/sunset-tee.svg", prices: { USD: 2400, EUR: 2200 }, active: true, stockState: "in_stock" },
          ],
        },
      }),
      "The variants found, in no particular order.",
    ),
    400: errorResponse("VALIDATION_FAILED naming `ids` or `currency`."),
    401: unsigned,
  },
  security: EDGE_OR_SERVICE_SIGNED,
});

const merchantErrors = {
  401: errorResponse("UNAUTHORIZED: no merchant token, or not `Bearer <token>`."),
  403: errorResponse("FORBIDDEN: the merchant token is not valid."),
  404: errorResponse("NOT_FOUND: no such product."),
} as const;

export const merchantProductRoute = createRoute({
  method: "get",
  path: "/merchant/products/{slug}",
  summary: "One product as the merchant sees it, inactive variants included",
  request: { params: slugParamSchema, query: currencyQuerySchema },
  responses: {
    200: json(productResponseSchema, "The product with every variant."),
    400: errorResponse("VALIDATION_FAILED naming `slug` or `currency`."),
    ...merchantErrors,
  },
  security: merchant("catalog:read"),
});

export const merchantPatchProductRoute = createRoute({
  method: "patch",
  path: "/merchant/products/{slug}",
  summary: "Change a product and its variants (title, description, prices, stock, active)",
  description: "Writes `variant.upserted` events in the same transaction; answers the product as it now stands, priced in `currency`.",
  request: {
    params: slugParamSchema,
    query: currencyQuerySchema,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: productPatchSchema.meta({ example: { title: "Sunset Tee", active: true, variants: [{ id: "var_0001", prices: { USD: 2600 }, stock: 40 }] } }),
        },
      },
    },
  },
  responses: {
    200: json(productResponseSchema, "The product after the change."),
    400: errorResponse("VALIDATION_FAILED naming the field, or a variant id not of this product."),
    ...merchantErrors,
    413: errorResponse("PAYLOAD_TOO_LARGE."),
  },
  security: merchant("catalog:write"),
});
