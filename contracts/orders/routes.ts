import { EDGE_OR_SERVICE_SIGNED, merchant } from "../security.ts";
import { createRoute, z } from "@hono/zod-openapi";
import { errorResponse } from "../../platform/openapi.ts";
import {
  adoptOrdersRequestSchema,
  adoptOrdersResponseSchema,
  checkoutRequestSchema,
  checkoutResponseSchema,
  confirmationRequestSchema,
  feedPositionsResponseSchema,
  idempotencyKeySchema,
  orderByKeyQuerySchema,
  orderIdSchema,
  orderListResponseSchema,
  orderResponseSchema,
  orderSchema,
  ownerSchema,
  type Order,
} from "./api.ts";
import { promotionIdParamSchema, promotionOrdersQuerySchema, promotionOrdersResponseSchema, promotionUsageSchema } from "./promotion-usage.ts";

/**
 * Every route of the orders service, declared once: the service mounts them with `app.openapi`,
 * its OpenAPI document (GET /openapi.json) is generated from them, and the edge, the cart and
 * sibling services call them through `callRoute` with the same declarations.
 *
 * Examples are attached with zod's own `.meta({ example })`, not `.openapi()`: zod 4 copies
 * methods onto each schema when it is made, so a schema made before @hono/zod-openapi was first
 * imported (e.g. by a module that imports api.ts first) has no `.openapi`.
 */

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } }) as const;

const exampleOrder: Order = {
  id: "ord_01HZX3K9V7Q2M8N4P6R5T1W0YA",
  status: "paid",
  idempotencyKey: "6f1c2e0a-4b7d-4c1e-9a53-2d8f7e6b1c90",
  currency: "USD",
  email: "ada@example.com",
  shippingAddress: { name: "Ada Lovelace", line1: "1 Analytical Way", city: "London", postalCode: "N1 1AA", country: "GB" },
  lines: [
    { variantId: "var_tee_navy_m", productSlug: "sunset-tee", title: "Sunset Tee — Navy / M", sku: "TEE-NAVY-M", imageUrl: "/images/sunset-tee-navy.svg", unitPrice: 2500, quantity: 2, lineTotal: 5000, discount: 500 },
  ],
  promotions: [{ promotionId: "promo_welcome10", code: "WELCOME10", description: "10% off your order", amount: 500, shippingAmount: 0, freeShipping: false, lines: [{ key: "0", amount: 500 }] }],
  payment: { id: "pay_01HZX3KA2B3C4D5E6F7G8H9J0K", status: "succeeded", brand: "visa", last4: "4242", failureReason: null },
  createdAt: "2025-05-01T10:15:30.000Z",
  updatedAt: "2025-05-01T10:15:31.000Z",
  subtotal: 5000,
  discountTotal: 500,
  shippingTotal: 0,
  taxTotal: 0,
  total: 4500,
  itemCount: 2,
};

const orderDoc = orderSchema.meta({ example: exampleOrder });
const orderResponse = orderResponseSchema.extend({ order: orderDoc }).meta({ example: { order: exampleOrder } });
const idParams = orderIdSchema.meta({ example: { id: exampleOrder.id } });
const ownerQuery = ownerSchema.meta({ example: { sessionId: "sess_8Yc2kQ", customerId: "cus_41" } });

export const checkoutRoute = createRoute({
  method: "post",
  path: "/orders/checkout",
  summary: "Place and pay for an order",
  description:
    "Idempotent on the Idempotency-Key: a repeat of the same checkout answers 200 with the order as it now stands; a different checkout under a used key is refused.",
  request: {
    headers: z.object({ "idempotency-key": idempotencyKeySchema }).meta({ example: { "idempotency-key": exampleOrder.idempotencyKey } }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: checkoutRequestSchema.meta({
            example: {
              cartId: "cart_5Jq9",
              owner: { sessionId: "sess_8Yc2kQ" },
              currency: "USD",
              email: "ada@example.com",
              shippingAddress: exampleOrder.shippingAddress,
              lines: [{ variantId: "var_tee_navy_m", quantity: 2, unitPrice: 2500 }],
              promotionCodes: ["WELCOME10"],
              paymentToken: "tok_9f8e7d6c5b4a3921",
            },
          }),
        },
      },
    },
  },
  responses: {
    201: json(checkoutResponseSchema.extend({ order: orderDoc }).meta({ example: { order: exampleOrder } }), "A new order, placed and paid for (or waiting on `nextAction`)"),
    200: json(checkoutResponseSchema.extend({ order: orderDoc }), "A repeat of a checkout already made with this key: the order as it now stands"),
    400: errorResponse("VALIDATION_FAILED: the Idempotency-Key or a body field is missing or wrong; BAD_REQUEST: the body is not JSON"),
    401: errorResponse("BAD_SIGNATURE: not signed, signed too long ago, or a replayed signature"),
    409: errorResponse(
      "OUT_OF_STOCK, PRICE_CHANGED, UNAVAILABLE, PROMOTION_NOT_APPLICABLE (details.promotions: each code and why, e.g. limit_reached) or TOTAL_CHANGED (details: expected, actual, promotions): resolve the cart, then check out again",
    ),
    413: errorResponse("PAYLOAD_TOO_LARGE"),
    422: errorResponse("IDEMPOTENCY_KEY_REUSED: the key was used for a different checkout"),
    503: errorResponse("PAYMENT_UNAVAILABLE: the outcome is unknown; send the same request with the same key again"),
  },
  security: EDGE_OR_SERVICE_SIGNED,
});

export const adoptOrdersRoute = createRoute({
  method: "post",
  path: "/orders/adopt",
  summary: "Hand a session's guest orders to the customer who signed in on it",
  request: {
    body: { required: true, content: { "application/json": { schema: adoptOrdersRequestSchema.meta({ example: { sessionId: "sess_8Yc2kQ", customerId: "cus_41" } }) } } },
  },
  responses: {
    200: json(adoptOrdersResponseSchema.meta({ example: { adopted: 2 } }), "How many guest orders changed hands (0 when none, or already adopted)"),
    400: errorResponse("VALIDATION_FAILED or BAD_REQUEST"),
    401: errorResponse("BAD_SIGNATURE"),
  },
  security: EDGE_OR_SERVICE_SIGNED,
});

export const listOrdersRoute = createRoute({
  method: "get",
  path: "/orders",
  summary: "The owner's orders, newest first",
  request: { query: ownerQuery },
  responses: {
    200: json(orderListResponseSchema.extend({ orders: z.array(orderDoc) }).meta({ example: { orders: [exampleOrder] } }), "The orders of the session (and of the customer, when signed in)"),
    400: errorResponse("VALIDATION_FAILED: sessionId is missing"),
    401: errorResponse("BAD_SIGNATURE"),
  },
  security: EDGE_OR_SERVICE_SIGNED,
});

export const orderByKeyRoute = createRoute({
  method: "get",
  path: "/orders/by-key",
  summary: "The order a checkout key placed, asked for by the cart held for it",
  description: "The key is a query parameter because a key such as `..` in the path would be rewritten by URL normalisation.",
  request: { query: orderByKeyQuerySchema.meta({ example: { idempotencyKey: exampleOrder.idempotencyKey, cartId: "cart_5Jq9" } }) },
  responses: {
    200: json(orderResponse, "The order"),
    400: errorResponse("VALIDATION_FAILED"),
    401: errorResponse("BAD_SIGNATURE"),
    404: errorResponse("NOT_FOUND: no order was placed with that key from that cart"),
  },
  security: EDGE_OR_SERVICE_SIGNED,
});

export const getOrderRoute = createRoute({
  method: "get",
  path: "/orders/{id}",
  summary: "One of the owner's orders",
  request: { params: idParams, query: ownerQuery },
  responses: {
    200: json(orderResponse, "The order"),
    400: errorResponse("VALIDATION_FAILED: not an order id, or sessionId missing"),
    401: errorResponse("BAD_SIGNATURE"),
    404: errorResponse("NOT_FOUND: no such order, or not this owner's (the same answer)"),
  },
  security: EDGE_OR_SERVICE_SIGNED,
});

export const paymentConfirmationRoute = createRoute({
  method: "post",
  path: "/orders/{id}/payment-confirmation",
  summary: "The shopper's answer to the payment's extra step",
  request: {
    params: idParams,
    body: { required: true, content: { "application/json": { schema: confirmationRequestSchema.meta({ example: { action: "confirm", sessionId: "sess_8Yc2kQ" } }) } } },
  },
  responses: {
    200: json(orderResponse, "The order as it stands after the confirmation or cancellation"),
    400: errorResponse("VALIDATION_FAILED or BAD_REQUEST"),
    401: errorResponse("BAD_SIGNATURE"),
    404: errorResponse("NOT_FOUND: no such order, or not this owner's"),
    409: errorResponse("NO_ACTION_PENDING, PAYMENT_NOT_CONFIRMABLE or PAYMENT_NOT_CANCELLABLE: the order is not waiting on a payment step"),
    503: errorResponse("PAYMENT_UNAVAILABLE: payments could not be reached; retrying is safe"),
  },
  security: EDGE_OR_SERVICE_SIGNED,
});

export const feedPositionsRoute = createRoute({
  method: "get",
  path: "/internal/feeds",
  summary: "How far this service has read its siblings' feeds",
  request: {},
  responses: {
    200: json(feedPositionsResponseSchema.meta({ example: { feeds: [{ feed: "catalog", position: 1742, rejected: 0 }, { feed: "payments", position: 311, rejected: 1 }] } }), "Each feed followed, its cursor and its rejected-event count since start"),
    401: errorResponse("BAD_SIGNATURE"),
  },
  security: EDGE_OR_SERVICE_SIGNED,
});

const merchantErrors = {
  401: errorResponse("UNAUTHORIZED: no merchant token, or not `Bearer <token>`"),
  403: errorResponse("FORBIDDEN: the merchant token is not valid"),
} as const;

const examplePromotionId = "promo_black_friday";

export const promotionUsageRoute = createRoute({
  method: "get",
  path: "/merchant/promotions/{id}/usage",
  summary: "A promotion's uses, budget spent and customers, as counted at checkout",
  description: "A promotion never used (or unknown here) answers zeros: uses are counted only by this service, the definition lives in the catalog.",
  request: { params: promotionIdParamSchema.meta({ example: { id: examplePromotionId } }) },
  responses: {
    200: json(
      promotionUsageSchema.meta({ example: { promotionId: examplePromotionId, uses: 42, usesHeld: 3, budgetSpent: { USD: 84_000 }, customers: 40 } }),
      "Uses held and confirmed; released uses are not counted",
    ),
    400: errorResponse("VALIDATION_FAILED naming `id`"),
    ...merchantErrors,
  },
  security: merchant("promotions:read"),
});

export const promotionOrdersRoute = createRoute({
  method: "get",
  path: "/merchant/promotions/{id}/orders",
  summary: "The orders that used a promotion, newest first",
  request: {
    params: promotionIdParamSchema.meta({ example: { id: examplePromotionId } }),
    query: promotionOrdersQuerySchema.meta({ example: { limit: 50 } }),
  },
  responses: {
    200: json(
      promotionOrdersResponseSchema.meta({
        example: {
          orders: [{ orderId: exampleOrder.id, status: "paid", redemption: "confirmed", code: "BLACKFRIDAY", currency: "USD", discount: 2000, createdAt: exampleOrder.createdAt }],
          nextCursor: null,
        },
      }),
      "One page of orders; `nextCursor` fetches the next",
    ),
    400: errorResponse("VALIDATION_FAILED naming `id`, `cursor` or `limit`"),
    ...merchantErrors,
  },
  security: merchant("promotions:read"),
});
