import { z } from "zod";
import {
  ORDER_CANCELLED,
  ORDER_CREATED,
  ORDER_DELIVERED,
  ORDER_FULFILLED,
  ORDER_PAID,
  ORDER_PAYMENT_FAILED,
  ORDER_REFUNDED,
  PROMOTION_BUDGET_EXHAUSTED,
  STOCK_LOW,
} from "../orders/events.ts";
import { idempotencyKeySchema } from "../orders/api.ts";
import { optionalSafeText, safeText } from "../text.ts";
import { auditQuerySchema } from "./api.ts";

/**
 * Outgoing webhooks: the merchant's endpoints, the deliveries made to them, and the public
 * catalogue of event types an endpoint may subscribe to. Each delivery is a POST of
 * `{ id, type, created, data }` signed in the `Edgeshop-Signature` header (domain/webhooks/signature.ts).
 */

/** The events merchants may subscribe to: the orders feed's public ones. Internal events (stock.changed…) are not offered. */
export const WEBHOOK_EVENT_TYPES = [ORDER_CREATED, ORDER_PAID, ORDER_CANCELLED, ORDER_PAYMENT_FAILED, ORDER_FULFILLED, ORDER_DELIVERED, ORDER_REFUNDED, STOCK_LOW, PROMOTION_BUDGET_EXHAUSTED] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** What "send test event" sends; never subscribed to, always sent to the endpoint asked. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

export const WEBHOOK_SECRET_PREFIX = "whsec_";
export const MAX_WEBHOOK_URL_LENGTH = 2048;
export const WEBHOOK_DELIVERY_STATUSES = ["pending", "retrying", "succeeded", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** An absolute http(s) URL without credentials in it; where it points is checked by the service (SSRF). */
export const webhookUrlSchema = z
  .string({ error: "url is required" })
  .trim()
  .min(1, { error: "url is required" })
  .max(MAX_WEBHOOK_URL_LENGTH, { error: `url must be at most ${MAX_WEBHOOK_URL_LENGTH} characters` })
  .refine((v) => URL.canParse(v), { error: "url must be an absolute URL, such as https://example.com/webhooks" })
  .refine((v) => !URL.canParse(v) || ["http:", "https:"].includes(new URL(v).protocol), { error: "url must be an http:// or https:// URL" })
  .refine((v) => !URL.canParse(v) || (new URL(v).username === "" && new URL(v).password === ""), { error: "url must not carry a user name or password" });

const eventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES, { error: `events may only name ${WEBHOOK_EVENT_TYPES.join(", ")}` });
const eventsSchema = z
  .array(eventTypeSchema, { error: "events must be a list of event types" })
  .min(1, { error: "events must name at least one event type" })
  .transform((events) => [...new Set(events)].sort());

export const createWebhookEndpointSchema = z.object({
  url: webhookUrlSchema,
  events: eventsSchema,
  description: optionalSafeText("description", 200),
});
export type CreateWebhookEndpointInput = z.output<typeof createWebhookEndpointSchema>;

export const patchWebhookEndpointSchema = z
  .strictObject({
    url: webhookUrlSchema.optional(),
    events: eventsSchema.optional(),
    enabled: z.boolean({ error: "enabled must be true or false" }).optional(),
    description: optionalSafeText("description", 200),
  })
  .refine((v) => v.url !== undefined || v.events !== undefined || v.enabled !== undefined || v.description !== undefined, { error: "give url, events, enabled or description" });
export type PatchWebhookEndpointInput = z.output<typeof patchWebhookEndpointSchema>;

/** An endpoint as every route answers it: never its secret, which only creation and rotation show. */
export const webhookEndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookEndpoint = z.output<typeof webhookEndpointSchema>;

export const webhookEndpointResponseSchema = z.object({ endpoint: webhookEndpointSchema });
export const webhookEndpointListSchema = z.object({ endpoints: z.array(webhookEndpointSchema) });
/** The answers that carry the signing secret (creation, rotation): shown there and never again. */
export const webhookEndpointWithSecretSchema = z.object({ endpoint: webhookEndpointSchema, secret: z.string() });

export const webhookIdParamSchema = z.object({ id: safeText("id", 100) });

export const webhookDeliverySchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  endpointId: z.string(),
  /** The event's id, the same on every delivery of it (retries, replays): receivers dedupe on it. */
  eventId: z.string(),
  type: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastResponseCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  /** The delivery this one replays, for a replay. */
  replayOf: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookDelivery = z.output<typeof webhookDeliverySchema>;

/** A delivery with what was (or will be) sent and the start of the receiver's last answer. */
export const webhookDeliveryDetailSchema = webhookDeliverySchema.extend({
  request: z.object({ id: z.string(), type: z.string(), created: z.number().int(), data: z.unknown() }),
  lastResponseBody: z.string().nullable(),
});
export type WebhookDeliveryDetail = z.output<typeof webhookDeliveryDetailSchema>;

export const webhookDeliveryResponseSchema = z.object({ delivery: webhookDeliveryDetailSchema });

/** Newest first, a page at a time (`before` = the last seq seen). */
export const webhookDeliveriesQuerySchema = z.object({
  endpoint: optionalSafeText("endpoint", 100),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES, { error: `status must be one of ${WEBHOOK_DELIVERY_STATUSES.join(", ")}` }).optional(),
  before: auditQuerySchema.shape.before,
  limit: auditQuerySchema.shape.limit,
});
export type WebhookDeliveriesQuery = z.output<typeof webhookDeliveriesQuerySchema>;

export const webhookDeliveryPageSchema = z.object({ deliveries: z.array(webhookDeliverySchema), nextBefore: z.number().int().nullable() });

/** Replay and test sends: one new delivery per key, so a double click or a retried request sends once. */
export const webhookIdempotencyHeaderSchema = z.object({ "idempotency-key": idempotencyKeySchema.optional() });
