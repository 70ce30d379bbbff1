import { createRoute, z } from "@hono/zod-openapi";
import { errorResponse } from "../../platform/openapi.ts";
import { merchant } from "../security.ts";

/**
 * Customer tags: merchant labels on accounts ("vip", "wholesale") that promotions may be limited
 * to. The customers service owns them; orders keeps a replica from the `customer.tags_changed`
 * events on the customers feed and decides with it at checkout; the edge carries the tags it was
 * told at sign-in in the session, for the cart's preview.
 */

/**
 * One tag. Lower-cased and trimmed on every side (the merchant's route, a promotion's
 * `customerTags`), so "VIP" on a promotion and "vip " on an account are the same tag.
 */
export const customerTagSchema = z
  .string({ error: "a tag must be text" })
  .trim()
  .toLowerCase()
  .min(1, { error: "a tag must not be empty" })
  .max(50, { error: "a tag must be at most 50 characters" })
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, { error: "a tag is letters, digits, spaces, '_', '.' or '-', starting with a letter or digit" });

export const MAX_CUSTOMER_TAGS = 20;

/** A customer's whole set of tags: duplicates (after normalising) are folded, order does not matter. */
export const customerTagsSchema = z
  .array(customerTagSchema, { error: "tags must be a list of tags" })
  .max(MAX_CUSTOMER_TAGS, { error: `at most ${MAX_CUSTOMER_TAGS} tags` })
  .transform((tags) => [...new Set(tags)].sort());

export const setCustomerTagsSchema = z.object({ tags: customerTagsSchema }).meta({ example: { tags: ["vip", "wholesale"] } });

export const customerTagsViewSchema = z
  .object({ customerId: z.string(), tags: z.array(z.string()) })
  .meta({ example: { customerId: "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f4a1b2c", tags: ["vip", "wholesale"] } });
export type CustomerTagsView = z.output<typeof customerTagsViewSchema>;

/** Published on the customers feed whenever an account's tags change: the whole set, every time. */
export const CUSTOMER_TAGS_CHANGED = "customer.tags_changed";
export const customerTagsChangedSchema = z.object({ customerId: z.string().min(1), tags: z.array(z.string()) });
export type CustomerTagsChanged = z.output<typeof customerTagsChangedSchema>;

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } });
const customerIdParam = z.object({ id: z.uuid({ error: "id must be a customer id" }).meta({ example: "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f4a1b2c" }) });

const answers = {
  400: errorResponse("VALIDATION_FAILED naming `id` or `tags`."),
  401: errorResponse("UNAUTHORIZED: no staff session or API token."),
  403: errorResponse("FORBIDDEN: the actor lacks the permission."),
  404: errorResponse("NOT_FOUND: no such customer."),
};

export const customerTagsRoute = createRoute({
  method: "get",
  path: "/merchant/customers/{id}/tags",
  summary: "A customer's tags",
  request: { params: customerIdParam },
  responses: { 200: json(customerTagsViewSchema, "The customer's tags, sorted."), ...answers },
  // Tags exist to aim promotions, so they are the promotion permissions' (marketing's) to read and set.
  security: merchant("promotions:read"),
});

export const setCustomerTagsRoute = createRoute({
  method: "put",
  path: "/merchant/customers/{id}/tags",
  summary: "Replace a customer's tags (published on the customers feed as customer.tags_changed)",
  request: { params: customerIdParam, body: { required: true, content: { "application/json": { schema: setCustomerTagsSchema } } } },
  responses: { 200: json(customerTagsViewSchema, "The customer's tags now, sorted."), ...answers, 413: errorResponse("PAYLOAD_TOO_LARGE.") },
  security: merchant("promotions:write"),
});
