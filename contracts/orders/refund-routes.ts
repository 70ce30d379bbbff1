import { createRoute, z } from "@hono/zod-openapi";
import { errorResponse } from "../../platform/openapi.ts";
import { merchant } from "../security.ts";
import { idempotencyKeySchema, orderIdSchema } from "./api.ts";
import { orderRefundListResponseSchema, orderRefundRequestSchema, orderRefundResponseSchema } from "./refunds.ts";

/**
 * The merchant's refund routes on the orders service, served at `/admin/api/orders/{id}/refunds`
 * by the edge (contracts/admin/routes.ts). Refunding goes through the payments service's
 * `POST /payments/{id}/refunds`, which holds the books on what was captured.
 */
const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } }) as const;
const idParams = orderIdSchema.meta({ example: { id: "ord_01HZX3K9V7Q2M8N4P6R5T1W0YA" } });
const merchantErrors = {
  401: errorResponse("UNAUTHORIZED: no staff member or API token"),
  403: errorResponse("FORBIDDEN: the actor lacks the permission"),
} as const;

export const refundOrderRoute = createRoute({
  method: "post",
  path: "/merchant/orders/{id}/refunds",
  summary: "Refund an order, by amount or by lines",
  description:
    "Idempotent on the Idempotency-Key: a double click refunds once (the repeat answers 200 with the same refund). By lines, each unit refunds what it was paid after the line's discount. Never more than captured less what is refunded or on its way back. Fulfilment staff and API tokens refund at most FULFILMENT_REFUND_LIMIT per refund; the owner has no limit. The order moves to partially_refunded or refunded once the payment provider reports the refund.",
  request: {
    params: idParams,
    headers: z.object({ "idempotency-key": idempotencyKeySchema }).meta({ example: { "idempotency-key": "3b8f0c1e-refund-1" } }),
    body: { required: true, content: { "application/json": { schema: orderRefundRequestSchema.meta({ example: { amount: 1500, reason: "damaged in transit" } }) } } },
  },
  responses: {
    201: json(orderRefundResponseSchema, "A new refund (pending until the provider reports it, or succeeded)"),
    200: json(orderRefundResponseSchema, "A repeat of a refund already made with this key"),
    400: errorResponse("VALIDATION_FAILED naming the field: amount, lines.N.position, lines.N.quantity, reason, or a missing Idempotency-Key"),
    ...merchantErrors,
    404: errorResponse("NOT_FOUND: no such order"),
    409: errorResponse("REFUND_EXCEEDS_CAPTURED (naming amount), ORDER_STATE_CONFLICT (the order took no payment) or PAYMENT_NOT_REFUNDABLE"),
    422: errorResponse("IDEMPOTENCY_KEY_REUSED: the key was used for a different refund"),
    503: errorResponse("PAYMENT_UNAVAILABLE: payments did not answer; retrying with the same key is safe"),
  },
  security: merchant("orders:write"),
});

export const listOrderRefundsRoute = createRoute({
  method: "get",
  path: "/merchant/orders/{id}/refunds",
  summary: "An order's refunds, oldest first, with what is still refundable per line and in all",
  request: { params: idParams },
  responses: {
    200: json(orderRefundListResponseSchema, "The refunds and the order's refundable amounts"),
    400: errorResponse("VALIDATION_FAILED naming `id`"),
    ...merchantErrors,
    404: errorResponse("NOT_FOUND: no such order"),
  },
  security: merchant("orders:read"),
});
