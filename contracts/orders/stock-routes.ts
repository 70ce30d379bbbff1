import { createRoute, z } from "@hono/zod-openapi";
import { errorResponse } from "../../platform/openapi.ts";
import { actorSchema } from "../admin/actor.ts";
import { merchant } from "../security.ts";
import { safeText } from "../text.ts";

/**
 * Stock as the orders service counts it (it owns the sellable count and takes units from it in
 * the checkout transaction), for the admin: the numbers per variant, and adjustments with a
 * reason, recorded with who made them and published as `stock.changed` like every other change.
 */

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } });

export const variantStockSchema = z.object({
  variantId: z.string(),
  /** Units shoppers can still buy. */
  available: z.number().int(),
  /** Units orders awaiting payment hold: out of `available`, back in if those orders are cancelled. */
  held: z.number().int(),
  /** False when nobody ever set a count for the variant (it sells nothing until one is set). */
  tracked: z.boolean(),
});
export type VariantStock = z.output<typeof variantStockSchema>;

export const stockAdjustmentSchema = z.object({
  id: z.string(),
  variantId: z.string(),
  /** What the adjustment did to `available`. */
  delta: z.number().int(),
  /** The units on hand the merchant counted, for a `set`; null for a `delta`. */
  setTo: z.number().int().nullable(),
  availableAfter: z.number().int(),
  reason: z.string(),
  actor: actorSchema,
  createdAt: z.string(),
});
export type StockAdjustment = z.output<typeof stockAdjustmentSchema>;

const units = (field: string) =>
  z
    .number({ error: `${field} must be a number` })
    .int({ error: `${field} must be an integer` })
    .min(-1_000_000, { error: `${field} must be at least -1000000` })
    .max(1_000_000, { error: `${field} must be at most 1000000` });

/** Either a change (`delta`: +12 received, -3 damaged) or a count (`set`: units on hand), with why. */
export const stockAdjustmentRequestSchema = z
  .strictObject({
    delta: units("delta").refine((d) => d !== 0, { error: "delta must not be 0" }).optional(),
    set: units("set").min(0, { error: "set must not be negative" }).optional(),
    reason: safeText("reason", 200),
  })
  .refine((r) => (r.delta === undefined) !== (r.set === undefined), { error: "give exactly one of delta or set", path: ["delta"] });
export type StockAdjustmentRequest = z.output<typeof stockAdjustmentRequestSchema>;

export const variantIdParamSchema = z.object({ id: z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, { error: "id must hold only letters, digits, _ and -" }) });

const merchantErrors = {
  401: errorResponse("UNAUTHORIZED."),
  403: errorResponse("FORBIDDEN: the actor lacks the permission."),
} as const;

export const merchantStockLevelsRoute = createRoute({
  method: "get",
  path: "/merchant/stock",
  summary: "Stock numbers of several variants: available and held by orders awaiting payment",
  request: {
    query: z.object({
      variants: z
        .string({ error: "variants is required (comma-separated variant ids)" })
        .transform((raw) => raw.split(",").map((id) => id.trim()).filter((id) => id !== ""))
        .pipe(z.array(z.string().max(100)).min(1, { error: "variants must name at least one variant" }).max(500, { error: "variants must name at most 500" })),
    }),
  },
  responses: { 200: json(z.object({ stock: z.array(variantStockSchema) }), "One entry per variant asked for, in that order."), 400: errorResponse("VALIDATION_FAILED naming `variants`."), ...merchantErrors },
  security: merchant("catalog:read"),
});

export const merchantVariantStockRoute = createRoute({
  method: "get",
  path: "/merchant/variants/{id}",
  summary: "A variant's stock numbers and its latest adjustments",
  request: { params: variantIdParamSchema },
  responses: {
    200: json(z.object({ stock: variantStockSchema, adjustments: z.array(stockAdjustmentSchema) }), "Numbers now, and the 20 latest adjustments, newest first."),
    400: errorResponse("VALIDATION_FAILED naming `id`."),
    ...merchantErrors,
    404: errorResponse("VARIANT_NOT_FOUND: the orders service has no offer for this variant."),
  },
  security: merchant("catalog:read"),
});

export const merchantAdjustStockRoute = createRoute({
  method: "post",
  path: "/merchant/variants/{id}/stock-adjustments",
  summary: "Adjust a variant's stock with a reason: by `delta`, or `set` to the units on hand",
  description:
    "Applied in one transaction with the adjustment's record and a `stock.changed` event. `set` counts the units on hand: units held by orders awaiting payment are taken off it, as for the catalog's stock. An Idempotency-Key makes a retry answer the first adjustment instead of applying it twice.",
  request: {
    params: variantIdParamSchema,
    headers: z.object({ "idempotency-key": z.string().min(1).max(200).optional() }),
    body: { required: true, content: { "application/json": { schema: stockAdjustmentRequestSchema.meta({ example: { delta: 12, reason: "Delivery from the workshop" } }) } } },
  },
  responses: {
    201: json(z.object({ stock: variantStockSchema, adjustment: stockAdjustmentSchema }), "The numbers after the adjustment, and its record."),
    400: errorResponse("VALIDATION_FAILED naming the field (`delta` that would take `available` below 0 included)."),
    ...merchantErrors,
    404: errorResponse("VARIANT_NOT_FOUND."),
    422: errorResponse("IDEMPOTENCY_KEY_REUSED: the key was used for a different adjustment."),
  },
  security: merchant("catalog:write"),
});

export const MERCHANT_STOCK_ROUTES = [merchantStockLevelsRoute, merchantVariantStockRoute, merchantAdjustStockRoute] as const;
