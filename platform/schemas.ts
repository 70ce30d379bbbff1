import { z } from "zod";
import { CURRENCIES } from "../domain/money.ts";
import { PRODUCT_SORTS } from "../domain/catalog.ts";

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

export const MAX_SEARCH_LENGTH = 200;

export const productListQuerySchema = z
  .object({
    limit: intParam("limit", 1, 100).default(20),
    cursor: z.string().max(512, { error: "cursor is too long" }).optional(),
    category: z
      .string()
      .max(100, { error: "category is too long" })
      .regex(/^[a-z0-9-]+$/, { error: "category must be a slug (a-z, 0-9, -)" })
      .optional(),
    q: z.string().trim().max(MAX_SEARCH_LENGTH, { error: `q must be at most ${MAX_SEARCH_LENGTH} characters` }).optional(),
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
