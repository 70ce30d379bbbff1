import { createRoute, z } from "@hono/zod-openapi";
import { errorResponse } from "../../platform/openapi.ts";
import { merchant } from "../security.ts";
import { slugSchema } from "../text.ts";
import {
  categoryInputSchema,
  categoryPatchSchema,
  importResultSchema,
  merchantCategorySchema,
  merchantProductListQuerySchema,
  merchantProductPageSchema,
  merchantProductSchema,
  productInputSchema,
  productReplaceSchema,
  type MerchantProduct,
} from "./merchant-api.ts";
import { slugParamSchema } from "./routes.ts";

/**
 * The catalog management routes of the admin (issue 8): products with options and variants,
 * archiving, categories and the CSV import and export. Mounted by
 * regional-services/catalog/merchant-catalog-routes.ts and served at `/admin/api/...`.
 */

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <S extends z.ZodType>(schema: S) => ({ required: true, content: { "application/json": { schema } } });

const merchantErrors = {
  401: errorResponse("UNAUTHORIZED: no staff member, API token or merchant token."),
  403: errorResponse("FORBIDDEN: the actor lacks the permission."),
} as const;
const writeErrors = {
  ...merchantErrors,
  400: errorResponse("VALIDATION_FAILED naming each field (`variants.2.prices.EUR`, `category`, `prices.JPY`)."),
  409: errorResponse("ALREADY_EXISTS naming the field: a slug or SKU in use (`slug`, `variants.3.sku`), or repeated in the request."),
  413: errorResponse("PAYLOAD_TOO_LARGE."),
} as const;

const exampleProduct: MerchantProduct = {
  id: "prod_7f3a",
  slug: "harbour-tee",
  title: "Harbour Tee",
  description: "Heavy cotton.",
  category: "apparel-shirts",
  imageUrl: "https://cdn.example.com/harbour-tee.jpg",
  images: ["https://cdn.example.com/harbour-tee.jpg"],
  options: [{ name: "Size", values: ["S", "M"] }],
  variants: [
    { id: "var_81c2", sku: "HARBOUR-TEE-S", title: "S", options: { Size: "S" }, prices: { USD: 2400, EUR: 2200 }, stock: 10, active: true },
    { id: "var_81c3", sku: "HARBOUR-TEE-M", title: "M", options: { Size: "M" }, prices: { USD: 2400, EUR: 2200 }, stock: 4, active: true },
  ],
  active: true,
  createdAt: "2026-12-01T09:00:00.000Z",
  updatedAt: "2026-12-01T09:00:00.000Z",
};
const productAnswer = z.object({ product: merchantProductSchema }).meta({ example: { product: exampleProduct } });

export const merchantListProductsRoute = createRoute({
  method: "get",
  path: "/merchant/products",
  summary: "Products for the admin, archived ones included: search, category, status, by slug with a cursor",
  request: { query: merchantProductListQuerySchema },
  responses: { 200: json(merchantProductPageSchema, "One page; `nextCursor` is null on the last."), 400: errorResponse("VALIDATION_FAILED naming the field."), ...merchantErrors },
  security: merchant("catalog:read"),
});

export const merchantCreateProductRoute = createRoute({
  method: "post",
  path: "/merchant/products",
  summary: "Create a product; without `variants`, one variant per combination of its options (size × colour)",
  description: "Publishes `variant.upserted` for each variant (with its stock) in the same transaction.",
  request: {
    body: body(
      productInputSchema.meta({
        example: { slug: "harbour-tee", title: "Harbour Tee", category: "apparel-shirts", images: ["https://cdn.example.com/harbour-tee.jpg"], options: [{ name: "Size", values: ["S", "M"] }], prices: { USD: 2400 }, stock: 10 },
      }),
    ),
  },
  responses: { 201: json(productAnswer, "The product as created."), ...writeErrors },
  security: merchant("catalog:write"),
});

export const merchantProductDefinitionRoute = createRoute({
  method: "get",
  path: "/merchant/products/{slug}/definition",
  summary: "A product as the merchant defines it: every variant with every price, its stock and images",
  request: { params: slugParamSchema },
  responses: { 200: json(productAnswer, "The product."), 400: errorResponse("VALIDATION_FAILED naming `slug`."), ...merchantErrors, 404: errorResponse("NOT_FOUND.") },
  security: merchant("catalog:read"),
});

export const merchantReplaceProductRoute = createRoute({
  method: "put",
  path: "/merchant/products/{slug}",
  summary: "Replace a product as a whole: options, images, variants (by SKU; those left out are switched off)",
  description: "Variants are matched by SKU; a stock is sent to the orders service only where it differs from the one shown.",
  request: { params: slugParamSchema, body: body(productReplaceSchema) },
  responses: { 200: json(productAnswer, "The product after the change."), ...writeErrors, 404: errorResponse("NOT_FOUND: no such product.") },
  security: merchant("catalog:write"),
});

const archiveRoute = (action: "archive" | "unarchive") =>
  createRoute({
    method: "post",
    path: `/merchant/products/{slug}/${action}`,
    summary: action === "archive" ? "Archive a product: it leaves listings and cannot be bought; carts holding it warn" : "Put an archived product back on sale",
    request: { params: slugParamSchema },
    responses: { 200: json(productAnswer, "The product after the change."), 400: errorResponse("VALIDATION_FAILED naming `slug`."), ...merchantErrors, 404: errorResponse("NOT_FOUND.") },
    security: merchant("catalog:write"),
  });
export const merchantArchiveProductRoute = archiveRoute("archive");
export const merchantUnarchiveProductRoute = archiveRoute("unarchive");

export const merchantExportProductsRoute = createRoute({
  method: "get",
  path: "/merchant/products/export.csv",
  summary: "Every product as CSV, one row per variant (the import's format)",
  description:
    "Columns: slug, title, description, category, image_url (one URL per line), archived, option1_name, option1_value … option3_value, sku, price_USD, price_EUR, price_GBP (minor units; empty: not sold in it), stock, active.",
  responses: { 200: { description: "RFC 4180 CSV.", content: { "text/csv": { schema: z.string() } } }, ...merchantErrors },
  security: merchant("catalog:read"),
});

export const merchantImportProductsRoute = createRoute({
  method: "post",
  path: "/merchant/products/import",
  summary: "Create or update products from CSV (the export's format), all or nothing",
  description:
    "Upserts by slug and SKU in one transaction; a product's variants not in the file are switched off. Any bad row refuses the whole file: 400 VALIDATION_FAILED with `details.problems` as `{ line, column, message }`.",
  request: { body: { required: true, content: { "text/csv": { schema: z.string() } } } },
  responses: {
    200: json(importResultSchema, "What changed."),
    400: errorResponse("VALIDATION_FAILED with every problem in `details.problems` ({ line, column, message }); nothing imported."),
    409: errorResponse("ALREADY_EXISTS: a SKU belongs to a product not in the file (reported by line and column)."),
    413: errorResponse("PAYLOAD_TOO_LARGE."),
    ...merchantErrors,
  },
  security: merchant("catalog:write"),
});

export const categorySlugParamSchema = z.object({ slug: slugSchema.meta({ example: "apparel-shirts" }) });
const categoryAnswer = z.object({ category: merchantCategorySchema });

export const merchantListCategoriesRoute = createRoute({
  method: "get",
  path: "/merchant/categories",
  summary: "Every category, flat, parents before children",
  responses: { 200: json(z.object({ categories: z.array(merchantCategorySchema) }), "The categories."), ...merchantErrors },
  security: merchant("catalog:read"),
});

export const merchantCreateCategoryRoute = createRoute({
  method: "post",
  path: "/merchant/categories",
  summary: "Create a category, optionally under a parent",
  request: { body: body(categoryInputSchema.meta({ example: { slug: "apparel-hats", name: "Hats", parent: "apparel", position: 3 } })) },
  responses: { 201: json(categoryAnswer, "The category."), ...writeErrors },
  security: merchant("catalog:write"),
});

export const merchantGetCategoryRoute = createRoute({
  method: "get",
  path: "/merchant/categories/{slug}",
  summary: "One category",
  request: { params: categorySlugParamSchema },
  responses: { 200: json(categoryAnswer, "The category."), 400: errorResponse("VALIDATION_FAILED naming `slug`."), ...merchantErrors, 404: errorResponse("NOT_FOUND.") },
  security: merchant("catalog:read"),
});

export const merchantPatchCategoryRoute = createRoute({
  method: "patch",
  path: "/merchant/categories/{slug}",
  summary: "Rename, move (never under itself or a descendant) or reorder a category",
  request: { params: categorySlugParamSchema, body: body(categoryPatchSchema) },
  responses: { 200: json(categoryAnswer, "The category after the change."), ...writeErrors, 404: errorResponse("NOT_FOUND.") },
  security: merchant("catalog:write"),
});

/** Every route above, the export before `GET /merchant/products/{slug}` would take its path. */
export const MERCHANT_CATALOG_ROUTES = [
  merchantExportProductsRoute,
  merchantImportProductsRoute,
  merchantListProductsRoute,
  merchantCreateProductRoute,
  merchantProductDefinitionRoute,
  merchantReplaceProductRoute,
  merchantArchiveProductRoute,
  merchantUnarchiveProductRoute,
  merchantListCategoriesRoute,
  merchantCreateCategoryRoute,
  merchantGetCategoryRoute,
  merchantPatchCategoryRoute,
] as const;
