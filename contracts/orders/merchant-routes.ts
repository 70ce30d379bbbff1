import { createRoute, z } from "@hono/zod-openapi";
import { errorResponse } from "../../platform/openapi.ts";
import { merchant } from "../security.ts";
import { idempotencyKeySchema, orderIdSchema } from "./api.ts";
import {
  dailyReportQuerySchema,
  dailyReportSchema,
  fulfilmentResponseSchema,
  fulfilRequestSchema,
  merchantOrderListQuerySchema,
  merchantOrderListSchema,
  merchantOrderResponseSchema,
} from "./merchant-api.ts";

/**
 * The merchant's order routes on the orders service, served at the edge as `/admin/api/...`
 * (contracts/admin/routes.ts). Refunds, and cancelling a paid order, are declared with the
 * refunds (contracts/orders/refund-routes.ts).
 */
const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } }) as const;

const gates = {
  401: errorResponse("UNAUTHORIZED: no staff member or token"),
  403: errorResponse("FORBIDDEN: the actor lacks the route's permission"),
} as const;
const params = orderIdSchema.meta({ example: { id: "ord_01HZX3K9V7Q2M8N4P6R5T1W0YA" } });
const missing = errorResponse("NOT_FOUND: no such order");

export const merchantListOrdersRoute = createRoute({
  method: "get",
  path: "/merchant/orders",
  summary: "Find orders: filter by status, day, customer and total, search by order id or email; newest first",
  request: { query: merchantOrderListQuerySchema.meta({ example: { status: "paid,fulfilled", from: "2026-12-01", q: "ada@", limit: 50 } }) },
  responses: {
    200: json(merchantOrderListSchema, "One page of orders; `nextCursor` fetches the next with the same filters"),
    400: errorResponse("VALIDATION_FAILED naming the filter (status, from, to, customer, currency, minTotal, maxTotal, q, cursor or limit)"),
    ...gates,
  },
  security: merchant("orders:read"),
});

export const merchantGetOrderRoute = createRoute({
  method: "get",
  path: "/merchant/orders/{id}",
  summary: "One order with its lines, promotions, payment, shipments, status history and events",
  request: { params },
  responses: { 200: json(merchantOrderResponseSchema, "The order"), 400: errorResponse("VALIDATION_FAILED naming `id`"), 404: missing, ...gates },
  security: merchant("orders:read"),
});

export const merchantFulfilOrderRoute = createRoute({
  method: "post",
  path: "/merchant/orders/{id}/fulfilments",
  summary: "Ship some or all of an order's units with a carrier and tracking number",
  description:
    "Without `lines`, ships everything not yet shipped. The order becomes `fulfilled` when every unit has shipped; each shipment publishes order.fulfilled. With an Idempotency-Key, a repeat ships nothing more and answers the first shipment (200).",
  request: {
    params,
    headers: z.object({ "idempotency-key": idempotencyKeySchema.optional() }),
    body: {
      required: true,
      content: { "application/json": { schema: fulfilRequestSchema.meta({ example: { carrier: "DHL", trackingNumber: "JD014600006281234567", lines: [{ position: 0, quantity: 1 }] } }) } },
    },
  },
  responses: {
    201: json(fulfilmentResponseSchema, "The shipment, and the order after it"),
    200: json(fulfilmentResponseSchema, "A repeat under the same Idempotency-Key: the first shipment, nothing shipped again"),
    400: errorResponse("VALIDATION_FAILED naming the field: carrier, trackingNumber, or `lines.N.position`/`lines.N.quantity` (no such line, or more than is left of it)"),
    404: missing,
    409: errorResponse("ORDER_STATE_CONFLICT: the order is not paid, is cancelled, or has nothing left to ship"),
    422: errorResponse("IDEMPOTENCY_KEY_REUSED: the key was used for a different shipment of this order"),
    ...gates,
  },
  security: merchant("orders:write"),
});

export const merchantDeliverOrderRoute = createRoute({
  method: "post",
  path: "/merchant/orders/{id}/deliver",
  summary: "Mark a shipped order delivered",
  description: "Repeating it changes nothing and answers the order as it is.",
  request: { params },
  responses: {
    200: json(merchantOrderResponseSchema, "The order, delivered"),
    400: errorResponse("VALIDATION_FAILED naming `id`"),
    404: missing,
    409: errorResponse("ORDER_STATE_CONFLICT: not every unit has shipped, or the order is not in a state that can be delivered"),
    ...gates,
  },
  security: merchant("orders:write"),
});

export const merchantCancelOrderRoute = createRoute({
  method: "post",
  path: "/merchant/orders/{id}/cancel",
  summary: "Cancel an order: an unpaid one's units go back on sale; a paid one that has not shipped is refunded in full",
  description:
    "A payment waiting for the shopper's extra step is cancelled at payments first. A paid order that has not shipped is refunded whole (held to the actor's refund limit) and ends `refunded` once payments reports the refund, its units back on sale once. Repeating it changes nothing.",
  request: { params },
  responses: {
    200: json(merchantOrderResponseSchema, "The order, cancelled"),
    400: errorResponse("VALIDATION_FAILED naming `id`"),
    404: missing,
    409: errorResponse("ORDER_STATE_CONFLICT: the order has shipped (refund it instead), ended otherwise, or its payment is being processed right now (try again shortly)"),
    503: errorResponse("PAYMENT_UNAVAILABLE: payments could not be asked; nothing was changed, retrying is safe"),
    ...gates,
    403: errorResponse("FORBIDDEN: the actor lacks the route's permission; REFUND_LIMIT_EXCEEDED: cancelling this paid order refunds more than the actor may"),
  },
  security: merchant("orders:write"),
});

export const merchantDailyReportRoute = createRoute({
  method: "get",
  path: "/merchant/reports/daily",
  summary: "A day's sold orders and revenue per currency (UTC; today by default), for the dashboard",
  request: { query: dailyReportQuerySchema },
  responses: { 200: json(dailyReportSchema, "The day's figures"), 400: errorResponse("VALIDATION_FAILED naming `date`"), ...gates },
  security: merchant("orders:read"),
});

/** Every route above, for FORWARDED_ROUTES. */
export const MERCHANT_ORDER_ROUTES = [merchantListOrdersRoute, merchantGetOrderRoute, merchantFulfilOrderRoute, merchantDeliverOrderRoute, merchantCancelOrderRoute, merchantDailyReportRoute] as const;
