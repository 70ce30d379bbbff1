import { EDGE_SIGNED, SERVICE_SIGNED } from "../security.ts";
import { createRoute, z } from "@hono/zod-openapi";
import { errorResponse } from "../../platform/openapi.ts";
import {
  idempotencyKeySchema,
  paymentIdParamSchema,
  paymentRequestSchema,
  paymentResponseSchema,
  paymentViewSchema,
  refundListResponseSchema,
  refundRequestSchema,
  refundResponseSchema,
  tokenRequestSchema,
  tokenResponseSchema,
  webhookReceiptSchema,
  type PaymentView,
} from "./api.ts";

/**
 * Every route of the payments service, declared once: mounted with `app.openapi`, documented at
 * GET /openapi.json, and called through `callRoute` by the edge (tokens) and the orders service
 * (everything that moves money). Examples use zod's `.meta({ example })`: see
 * contracts/orders/routes.ts for why not `.openapi()`.
 */

/** The header the sandbox provider signs its webhook deliveries with (providers/sandbox-signature.ts). */
export const SANDBOX_WEBHOOK_SCHEME = {
  type: "apiKey",
  in: "header",
  name: "x-sandbox-signature",
  description: "The sandbox provider's own signature, `t=<ms>,v1=<hex>`: HMAC-SHA256 with PAYMENTS_WEBHOOK_SECRET over `<t>.<raw body>`, valid for 5 minutes.",
} as const;

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } }) as const;

const examplePayment: PaymentView = { id: "pay_01HZX3KA2B3C4D5E6F7G8H9J0K", orderId: "ord_01HZX3K9V7Q2M8N4P6R5T1W0YA", status: "succeeded", amount: 4500, currency: "USD", brand: "visa", last4: "4242" };

const paymentDoc = paymentViewSchema.meta({ example: examplePayment });
const paymentResponse = paymentResponseSchema.extend({ payment: paymentDoc }).meta({ example: { payment: examplePayment } });
const idParams = paymentIdParamSchema.meta({ example: { id: examplePayment.id } });

export const tokenizeRoute = createRoute({
  method: "post",
  path: "/payments/tokens",
  summary: "Turn card details into a payment token",
  description: "The only place card data goes: it is handed to the provider and never stored or logged.",
  request: {
    body: { required: true, content: { "application/json": { schema: tokenRequestSchema.meta({ example: { card: "4242424242424242", expMonth: 12, expYear: 2030, cvc: "123" } }) } } },
  },
  responses: {
    201: json(tokenResponseSchema.meta({ example: { token: "tok_9f8e7d6c5b4a3921", brand: "visa", last4: "4242" } }), "The token, with what may be shown of the card"),
    400: errorResponse("VALIDATION_FAILED: the card, its expiry or its cvc is wrong (details name the field)"),
    401: errorResponse("BAD_SIGNATURE: not signed by the edge, too old, or replayed"),
    413: errorResponse("PAYLOAD_TOO_LARGE"),
    502: errorResponse("PROVIDER_UNAVAILABLE"),
    503: errorResponse("SERVICE_UNAVAILABLE: replays cannot be checked just now; retry shortly"),
  },
  security: EDGE_SIGNED,
});

export const createPaymentRoute = createRoute({
  method: "post",
  path: "/payments",
  summary: "Charge an order's payment token",
  description: "Idempotent on the Idempotency-Key (the orders service sends the order id): a repeat answers 200 with the payment as it stands.",
  request: {
    headers: idempotencyKeySchema.meta({ example: { "idempotency-key": examplePayment.orderId } }),
    body: { required: true, content: { "application/json": { schema: paymentRequestSchema.meta({ example: { orderId: examplePayment.orderId, amount: 4500, currency: "USD", token: "tok_9f8e7d6c5b4a3921" } }) } } },
  },
  responses: {
    201: json(paymentResponse, "A new payment (succeeded, failed, or requires_action)"),
    200: json(paymentResponse, "A repeat of a payment already made with this key"),
    400: errorResponse("VALIDATION_FAILED: a missing Idempotency-Key, a wrong field, or an unknown token"),
    401: errorResponse("BAD_SIGNATURE"),
    409: errorResponse("PAYMENT_EXISTS: the order already has a payment under another key"),
    413: errorResponse("PAYLOAD_TOO_LARGE"),
    422: errorResponse("IDEMPOTENCY_KEY_REUSED: the key was used for a different payment request"),
    502: errorResponse("PROVIDER_UNAVAILABLE"),
    503: errorResponse("SERVICE_UNAVAILABLE"),
  },
  security: SERVICE_SIGNED,
});

export const getPaymentRoute = createRoute({
  method: "get",
  path: "/payments/{id}",
  summary: "One payment as it stands",
  request: { params: idParams },
  responses: {
    200: json(paymentResponse, "The payment"),
    400: errorResponse("VALIDATION_FAILED: not a payment id"),
    401: errorResponse("BAD_SIGNATURE"),
    404: errorResponse("NOT_FOUND"),
  },
  security: SERVICE_SIGNED,
});

const actionResponses = (verb: string) =>
  ({
    200: json(paymentResponse, `The payment after the ${verb} (the same answer when it was already done)`),
    400: errorResponse("VALIDATION_FAILED: not a payment id"),
    401: errorResponse("BAD_SIGNATURE"),
    404: errorResponse("NOT_FOUND"),
    409: errorResponse(`PAYMENT_NOT_${verb === "confirmation" ? "CONFIRMABLE" : "CANCELLABLE"}: the payment is not waiting on its extra step`),
    502: errorResponse("PROVIDER_UNAVAILABLE"),
    503: errorResponse("SERVICE_UNAVAILABLE"),
  }) as const;

export const confirmPaymentRoute = createRoute({
  method: "post",
  path: "/payments/{id}/confirm",
  summary: "Complete a payment's extra step (requires_action → succeeded)",
  request: { params: idParams },
  responses: actionResponses("confirmation"),
  security: SERVICE_SIGNED,
});

export const cancelPaymentRoute = createRoute({
  method: "post",
  path: "/payments/{id}/cancel",
  summary: "Abandon a payment's extra step (requires_action → cancelled)",
  request: { params: idParams },
  responses: actionResponses("cancellation"),
  security: SERVICE_SIGNED,
});

export const sandboxWebhookRoute = createRoute({
  method: "post",
  path: "/webhooks/sandbox",
  summary: "A delivery from the sandbox provider",
  description: "Verified against the raw body, so the body is not parsed before the signature is checked. A redelivered event id is answered 200 with `duplicate: true`.",
  request: {
    // A plain JSON Schema, not zod: no validator runs before the signature check reads the raw body.
    body: { required: true, content: { "application/json": { schema: { type: "object", description: "The provider's event: `id`, `type` and the `charge` it is about." } } } },
  },
  responses: {
    200: json(webhookReceiptSchema.meta({ example: { received: true, duplicate: false } }), "The event was recorded (or had been)"),
    400: errorResponse("VALIDATION_FAILED or BAD_REQUEST: the event is malformed"),
    401: errorResponse("BAD_SIGNATURE: the provider's signature is missing, invalid or too old"),
    413: errorResponse("PAYLOAD_TOO_LARGE"),
  },
  security: [{ sandboxWebhookSignature: [] }],
});

export const refundPaymentRoute = createRoute({
  method: "post",
  path: "/payments/{id}/refunds",
  summary: "Refund part or all of a captured payment through its provider",
  description:
    "Idempotent on the Idempotency-Key (a double click refunds once: the repeat answers 200 with the same refund). The amount may never exceed what was captured less what is already refunded or pending. A `payment.refunded` event follows on the payments feed once the provider reports the refund.",
  request: {
    params: idParams,
    headers: idempotencyKeySchema.meta({ example: { "idempotency-key": "refund-ord_01HZX3K9V7Q2M8N4P6R5T1W0YA-1" } }),
    body: { required: true, content: { "application/json": { schema: refundRequestSchema.meta({ example: { amount: 1500, reason: "damaged in transit" } }) } } },
  },
  responses: {
    201: json(refundResponseSchema, "A new refund (succeeded, or pending until the provider reports it)"),
    200: json(refundResponseSchema, "A repeat of a refund already made with this key"),
    400: errorResponse("VALIDATION_FAILED: a missing Idempotency-Key or a wrong amount"),
    401: errorResponse("BAD_SIGNATURE"),
    404: errorResponse("NOT_FOUND"),
    409: errorResponse("REFUND_EXCEEDS_CAPTURED, or PAYMENT_NOT_REFUNDABLE: the payment took no money"),
    422: errorResponse("IDEMPOTENCY_KEY_REUSED: the key was used for a different refund"),
    502: errorResponse("PROVIDER_UNAVAILABLE"),
    503: errorResponse("SERVICE_UNAVAILABLE"),
  },
  security: SERVICE_SIGNED,
});

export const listRefundsRoute = createRoute({
  method: "get",
  path: "/payments/{id}/refunds",
  summary: "A payment's refunds, oldest first, with what was captured and refunded",
  request: { params: idParams },
  responses: {
    200: json(refundListResponseSchema, "The refunds"),
    400: errorResponse("VALIDATION_FAILED: not a payment id"),
    401: errorResponse("BAD_SIGNATURE"),
    404: errorResponse("NOT_FOUND"),
  },
  security: SERVICE_SIGNED,
});
