import { createRoute, z } from "@hono/zod-openapi";
import { errorResponse } from "../../platform/openapi.ts";
import { EDGE_OR_SERVICE_SIGNED, merchant } from "../security.ts";
import { flashSaleCreateSchema, flashSaleIdSchema, flashSalePatchSchema, flashSaleSchema } from "./definition.ts";
import { reservationIdSchema, settleAnswerSchema } from "./reservation.ts";

/**
 * Flash-sale routes of the regional services, declared once: the catalog's merchant API and
 * storefront read (regional-services/catalog/flash-sales-routes.ts mounts them) and the orders
 * service's reservation settlement (regional-services/orders/app.ts).
 */
const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } });
const unsigned = errorResponse("BAD_SIGNATURE: unsigned, expired or wrongly signed.");
const merchantErrors = {
  401: errorResponse("UNAUTHORIZED: no merchant token, or not `Bearer <token>`."),
  403: errorResponse("FORBIDDEN: the merchant token is not valid."),
} as const;

const example = {
  id: "fs_sunset-tee-drop",
  variantId: "var_0001",
  salePrices: { USD: 999 },
  allocation: 100,
  startsAt: "2026-12-01T12:00:00.000Z",
  endsAt: "2026-12-01T13:00:00.000Z",
  perCustomerMax: 1,
  shards: 4,
  status: "scheduled" as const,
};
const saleAnswer = z.object({ flashSale: flashSaleSchema }).meta({ example: { flashSale: example } });
const saleList = z.object({ flashSales: z.array(flashSaleSchema) }).meta({ example: { flashSales: [example] } });
const idParam = z.object({ id: flashSaleIdSchema });

export const merchantCreateFlashSaleRoute = createRoute({
  method: "post",
  path: "/merchant/flash-sales",
  summary: "Schedule a flash sale: a variant, sale prices, an allocation, a window, a per-customer maximum and a shard count",
  description: "Writes `flash_sale.upserted` in the same transaction. The allocation is handed out at the edge by `shards` StockObjects.",
  request: { body: { required: true, content: { "application/json": { schema: flashSaleCreateSchema } } } },
  responses: {
    201: json(saleAnswer, "The scheduled sale."),
    400: errorResponse("VALIDATION_FAILED naming the field (an unknown variant included)."),
    ...merchantErrors,
  },
  security: merchant("promotions:write"),
});

export const merchantListFlashSalesRoute = createRoute({
  method: "get",
  path: "/merchant/flash-sales",
  summary: "Every flash sale, newest start first",
  responses: { 200: json(saleList, "The sales."), ...merchantErrors },
  security: merchant("promotions:read"),
});

export const merchantGetFlashSaleRoute = createRoute({
  method: "get",
  path: "/merchant/flash-sales/{id}",
  summary: "One flash sale",
  request: { params: idParam },
  responses: { 200: json(saleAnswer, "The sale."), 400: errorResponse("VALIDATION_FAILED naming `id`."), ...merchantErrors, 404: errorResponse("NOT_FOUND.") },
  security: merchant("promotions:read"),
});

export const merchantPatchFlashSaleRoute = createRoute({
  method: "patch",
  path: "/merchant/flash-sales/{id}",
  summary: "Change a flash sale before it starts (a live sale's allocation and shards are fixed)",
  request: { params: idParam, body: { required: true, content: { "application/json": { schema: flashSalePatchSchema } } } },
  responses: {
    200: json(saleAnswer, "The sale after the change."),
    400: errorResponse("VALIDATION_FAILED naming the field."),
    ...merchantErrors,
    404: errorResponse("NOT_FOUND."),
    409: errorResponse("UNAVAILABLE: the sale has started, ended or was cancelled."),
  },
  security: merchant("promotions:write"),
});

export const merchantCancelFlashSaleRoute = createRoute({
  method: "post",
  path: "/merchant/flash-sales/{id}/cancel",
  summary: "Cancel a flash sale: no more reservations; paid orders stand",
  request: { params: idParam },
  responses: { 200: json(saleAnswer, "The cancelled sale."), 400: errorResponse("VALIDATION_FAILED naming `id`."), ...merchantErrors, 404: errorResponse("NOT_FOUND.") },
  security: merchant("promotions:write"),
});

export const catalogFlashSalesRoute = createRoute({
  method: "get",
  path: "/catalog/flash-sales",
  summary: "Current and upcoming flash sales (not cancelled, not ended), soonest first",
  responses: { 200: json(saleList, "The sales shoppers may see."), 401: unsigned },
  security: EDGE_OR_SERVICE_SIGNED,
});

export const catalogFlashSaleRoute = createRoute({
  method: "get",
  path: "/catalog/flash-sales/{id}",
  summary: "One flash sale, whatever its phase (the edge decides what a shopper may do)",
  request: { params: idParam },
  responses: { 200: json(saleAnswer, "The sale."), 400: errorResponse("VALIDATION_FAILED naming `id`."), 401: unsigned, 404: errorResponse("NOT_FOUND.") },
  security: EDGE_OR_SERVICE_SIGNED,
});

export const settleReservationRoute = createRoute({
  method: "post",
  path: "/flash-sales/reservations/{id}/settle",
  summary: "How a flash-sale reservation ended: confirmed (its order is paid), released (failed, cancelled or never used), or pending",
  description:
    "Asked by the StockObject right after a checkout and when a reservation expires. A reservation no order used is closed for good here, " +
    "so a late checkout with it is refused and its units can safely be sold again.",
  request: { params: reservationIdSchema },
  responses: { 200: json(settleAnswerSchema, "The outcome."), 400: errorResponse("VALIDATION_FAILED naming `id`."), 401: unsigned },
  security: EDGE_OR_SERVICE_SIGNED,
});
