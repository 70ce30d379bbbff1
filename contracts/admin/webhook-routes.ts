import { createRoute, z } from "@hono/zod-openapi";
import { errorResponse } from "../../platform/openapi.ts";
import { merchant } from "../security.ts";
import {
  createWebhookEndpointSchema,
  patchWebhookEndpointSchema,
  webhookDeliveriesQuerySchema,
  webhookDeliveryPageSchema,
  webhookDeliveryResponseSchema,
  webhookEndpointListSchema,
  webhookEndpointResponseSchema,
  webhookEndpointWithSecretSchema,
  webhookIdempotencyHeaderSchema,
  webhookIdParamSchema,
} from "./webhooks-api.ts";

/**
 * The customers service's webhook routes, declared once; the edge serves them as
 * `/admin/api/webhooks/...` (contracts/admin/routes.ts). Owners only: `webhooks:read` and `webhooks:write`.
 */
const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <S extends z.ZodType>(schema: S) => ({ required: true, content: { "application/json": { schema } } });
const invalid = errorResponse("VALIDATION_FAILED naming the field (a url that is not http(s), or points at a private or loopback address; an unknown event type).");
const noActor = errorResponse("UNAUTHORIZED: no staff session or API token; BAD_SIGNATURE.");
const noPermission = errorResponse("FORBIDDEN: the role or token lacks the route's permission.");
const missing = errorResponse("NOT_FOUND.");
const ENDPOINTS = "/merchant/webhooks/endpoints";
const DELIVERIES = "/merchant/webhooks/deliveries";

export const createWebhookEndpointRoute = createRoute({
  method: "post",
  path: ENDPOINTS,
  summary: "Register a URL for event types; the answer carries its signing secret, once",
  request: { body: body(createWebhookEndpointSchema) },
  responses: { 201: json(webhookEndpointWithSecretSchema, "The endpoint and, once, its secret (whsec_...)."), 400: invalid, 401: noActor, 403: noPermission },
  security: merchant("webhooks:write"),
});

export const listWebhookEndpointsRoute = createRoute({
  method: "get",
  path: ENDPOINTS,
  summary: "Every webhook endpoint (never a secret)",
  responses: { 200: json(webhookEndpointListSchema, "The endpoints."), 401: noActor, 403: noPermission },
  security: merchant("webhooks:read"),
});

export const getWebhookEndpointRoute = createRoute({
  method: "get",
  path: `${ENDPOINTS}/{id}`,
  summary: "One webhook endpoint",
  request: { params: webhookIdParamSchema },
  responses: { 200: json(webhookEndpointResponseSchema, "The endpoint."), 401: noActor, 403: noPermission, 404: missing },
  security: merchant("webhooks:read"),
});

export const patchWebhookEndpointRoute = createRoute({
  method: "patch",
  path: `${ENDPOINTS}/{id}`,
  summary: "Change an endpoint's URL, event types or description, or switch it off and on",
  request: { params: webhookIdParamSchema, body: body(patchWebhookEndpointSchema) },
  responses: { 200: json(webhookEndpointResponseSchema, "The endpoint as changed."), 400: invalid, 401: noActor, 403: noPermission, 404: missing },
  security: merchant("webhooks:write"),
});

export const deleteWebhookEndpointRoute = createRoute({
  method: "delete",
  path: `${ENDPOINTS}/{id}`,
  summary: "Delete an endpoint: nothing more is sent to it; its delivery log stays",
  request: { params: webhookIdParamSchema },
  responses: { 200: json(webhookEndpointResponseSchema, "The endpoint as it was, now deleted."), 401: noActor, 403: noPermission, 404: missing },
  security: merchant("webhooks:write"),
});

export const rotateWebhookSecretRoute = createRoute({
  method: "post",
  path: `${ENDPOINTS}/{id}/rotate-secret`,
  summary: "Replace an endpoint's signing secret: deliveries from now on are signed with the new one, shown here once",
  request: { params: webhookIdParamSchema },
  responses: { 200: json(webhookEndpointWithSecretSchema, "The endpoint and its new secret."), 401: noActor, 403: noPermission, 404: missing },
  security: merchant("webhooks:write"),
});

export const sendWebhookTestRoute = createRoute({
  method: "post",
  path: `${ENDPOINTS}/{id}/test`,
  summary: "Send a webhook.test event to the endpoint now (one per Idempotency-Key)",
  request: { params: webhookIdParamSchema, headers: webhookIdempotencyHeaderSchema },
  responses: { 202: json(webhookDeliveryResponseSchema, "The delivery, queued to be sent at once."), 400: invalid, 401: noActor, 403: noPermission, 404: missing },
  security: merchant("webhooks:write"),
});

export const listWebhookDeliveriesRoute = createRoute({
  method: "get",
  path: DELIVERIES,
  summary: "The delivery log, newest first: by endpoint and status, a page at a time",
  request: { query: webhookDeliveriesQuerySchema },
  responses: { 200: json(webhookDeliveryPageSchema, "A page of deliveries; nextBefore continues it."), 400: invalid, 401: noActor, 403: noPermission },
  security: merchant("webhooks:read"),
});

export const getWebhookDeliveryRoute = createRoute({
  method: "get",
  path: `${DELIVERIES}/{id}`,
  summary: "One delivery: what is sent, its attempts and the receiver's last answer",
  request: { params: webhookIdParamSchema },
  responses: { 200: json(webhookDeliveryResponseSchema, "The delivery."), 401: noActor, 403: noPermission, 404: missing },
  security: merchant("webhooks:read"),
});

export const replayWebhookDeliveryRoute = createRoute({
  method: "post",
  path: `${DELIVERIES}/{id}/replay`,
  summary: "Send a delivery's event again, now, as a new delivery with the same event id (one per Idempotency-Key)",
  request: { params: webhookIdParamSchema, headers: webhookIdempotencyHeaderSchema },
  responses: { 202: json(webhookDeliveryResponseSchema, "The new delivery, queued to be sent at once."), 400: invalid, 401: noActor, 403: noPermission, 404: missing },
  security: merchant("webhooks:write"),
});

/** Every webhook route, in the order the admin API lists them. */
export const WEBHOOK_ROUTES = [
  createWebhookEndpointRoute,
  listWebhookEndpointsRoute,
  getWebhookEndpointRoute,
  patchWebhookEndpointRoute,
  deleteWebhookEndpointRoute,
  rotateWebhookSecretRoute,
  sendWebhookTestRoute,
  listWebhookDeliveriesRoute,
  getWebhookDeliveryRoute,
  replayWebhookDeliveryRoute,
] as const;
