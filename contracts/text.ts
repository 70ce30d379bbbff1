import { z } from "zod";
import type { ShippingAddress } from "../domain/cart.ts";
import { MAX_EMAIL_LENGTH } from "../domain/cart-contact.ts";
import { PRODUCT_SORTS } from "./catalog/views.ts";
import { MAX_SEARCH_LENGTH } from "./limits.ts";
import { CURRENCIES } from "../domain/money.ts";

/**
 * Query and body schemas shared by the edge and the regional services, so a request is checked
 * with the very same rules on both sides of the wire.
 */

const intParam = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int({ error: `${name} must be an integer` })
    .min(min, { error: `${name} must be at least ${min}` })
    .max(max, { error: `${name} must be at most ${max}` });

/**
 * Control characters (and lone surrogates) are refused in every text a shopper sends: Postgres
 * cannot store NUL at all, and none of them belongs in a name, an address or a search.
 */
const SINGLE_LINE = /^[^\p{Cc}\p{Cs}]*$/u;
/** Tabs and line breaks are kept where a field is meant to hold paragraphs. */
const MULTI_LINE = /^(?:[\t\n\r]|[^\p{Cc}\p{Cs}])*$/u;

/** Adds the control-character check to any string schema (a password, say, which is not trimmed). */
export function controlFree(schema: z.ZodString, field: string, options: { multiline?: boolean } = {}): z.ZodString {
  const pattern = options.multiline ? MULTI_LINE : SINGLE_LINE;
  // The documented pattern is the regex's source: OpenAPI generators would otherwise print its flags into it.
  return schema.regex(pattern, { error: `${field} must not contain control characters` }).meta({ pattern: pattern.source });
}

export const productListQuerySchema = z
  .object({
    limit: intParam("limit", 1, 100).default(20),
    cursor: controlFree(z.string().max(512, { error: "cursor is too long" }), "cursor").optional(),
    category: z
      .string()
      .max(100, { error: "category is too long" })
      .regex(/^[a-z0-9-]+$/, { error: "category must be a slug (a-z, 0-9, -)" })
      .optional(),
    q: controlFree(z.string().trim().max(MAX_SEARCH_LENGTH, { error: `q must be at most ${MAX_SEARCH_LENGTH} characters` }), "q").optional(),
    minPrice: intParam("minPrice", 0, 100_000_000).optional(),
    maxPrice: intParam("maxPrice", 0, 100_000_000).optional(),
    sort: z.enum(PRODUCT_SORTS, { error: `sort must be one of ${PRODUCT_SORTS.join(", ")}` }).default("newest"),
    currency: z.enum(CURRENCIES, { error: `currency must be one of ${CURRENCIES.join(", ")}` }).default("USD"),
  })
  .refine((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice, {
    message: "minPrice must not be greater than maxPrice",
    path: ["minPrice"],
  });

export const slugSchema = z
  .string()
  .min(1)
  .max(200, { error: "slug is too long" })
  .regex(/^[a-z0-9-]+$/, { error: "slug must contain only a-z, 0-9 and -" });

export const currencyQuerySchema = z.object({
  currency: z.enum(CURRENCIES, { error: `currency must be one of ${CURRENCIES.join(", ")}` }).default("USD"),
});

/** Emails compare case-insensitively, so they are trimmed and lower-cased before anything else. */
export const emailSchema = controlFree(
  z
    .string({ error: "email is required" })
    .trim()
    .toLowerCase()
    .max(MAX_EMAIL_LENGTH, { error: `email must be at most ${MAX_EMAIL_LENGTH} characters` }),
  "email",
).pipe(z.email({ error: "email must be a valid email address" }));

/** Required single-line text: trimmed, not empty, at most `max` characters, no control characters. */
export const safeText = (field: string, max: number) =>
  controlFree(
    z
      .string({ error: `${field} is required` })
      .trim()
      .min(1, { error: `${field} is required` })
      .max(max, { error: `${field} must be at most ${max} characters` }),
    field,
  );

/** Optional single-line text; an emptied field is absent, not "". */
export const optionalSafeText = (field: string, max: number) =>
  controlFree(
    z
      .string({ error: `${field} must be text` })
      .trim()
      .max(max, { error: `${field} must be at most ${max} characters` }),
    field,
  )
    .optional()
    .transform((v) => (v === "" ? undefined : v));

/** The address a cart carries into checkout and an order ships to: set on the cart, checked out, stored. */
export const shippingAddressSchema = z.object({
  name: safeText("name", 200),
  line1: safeText("line1", 200),
  line2: optionalSafeText("line2", 200),
  city: safeText("city", 200),
  region: optionalSafeText("region", 200),
  postalCode: safeText("postalCode", 20),
  country: z
    .string({ error: "country is required" })
    .trim()
    .regex(/^[A-Za-z]{2}$/, { error: "country must be a two-letter ISO code" })
    .transform((c) => c.toUpperCase()),
}) satisfies z.ZodType<ShippingAddress>;
