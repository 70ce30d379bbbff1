import { createRoute } from "@hono/zod-openapi";
import { confirmationBodySchema, orderIdParamSchema } from "./checkout-requests.ts";
import { conflict, errorResponse, notFound, SESSION, unavailable, WRITE_REFUSALS } from "./responses.ts";
import { orderAnswerSchema, orderListSchema } from "./views.ts";

/**
 * The shopper's own orders (the session's, or the signed-in customer's). Anyone else's order is
 * a 404, exactly like an order that never existed.
 */
const base = { tags: ["Orders"], security: SESSION };
const orderId = orderIdParamSchema.extend({ id: orderIdParamSchema.shape.id.meta({ example: "ord_01JH7QX2K9" }) });
const missing = notFound("no such order for this shopper");

export const listOrdersRoute = createRoute({
  ...base,
  method: "get",
  path: "/api/orders",
  summary: "List the shopper's orders, newest first",
  responses: { 200: { description: "The orders", content: { "application/json": { schema: orderListSchema } } }, 503: unavailable },
});

export const getOrderRoute = createRoute({
  ...base,
  method: "get",
  path: "/api/orders/{id}",
  summary: "Get one order",
  request: { params: orderId },
  responses: { 200: { description: "The order", content: { "application/json": { schema: orderAnswerSchema } } }, 400: WRITE_REFUSALS[400], 404: missing, 503: unavailable },
});

export const confirmPaymentRoute = createRoute({
  ...base,
  method: "post",
  path: "/api/orders/{id}/payment-confirmation",
  summary: "Confirm or cancel a payment that awaits the shopper",
  description: "The answer to a checkout's `nextAction: { type: \"confirm_payment\" }`.",
  request: { params: orderId, body: { required: true, content: { "application/json": { schema: confirmationBodySchema, example: { action: "confirm" } } } } },
  responses: {
    200: { description: "The order after the payment step", content: { "application/json": { schema: orderAnswerSchema } } },
    ...WRITE_REFUSALS,
    402: errorResponse("PAYMENT_FAILED: the confirmed payment was declined"),
    404: missing,
    409: conflict("NO_ACTION_PENDING, PAYMENT_NOT_CONFIRMABLE, PAYMENT_NOT_CANCELLABLE: the payment is not waiting for the shopper"),
  },
});

export const ORDER_ROUTES = [listOrdersRoute, getOrderRoute, confirmPaymentRoute] as const;
