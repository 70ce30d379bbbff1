import { z } from "zod";
import { CURRENCIES } from "../../domain/money.ts";
import { customerTagSchema } from "../customers/tags.ts";
import {
  PROMOTION_STATUSES,
  PROMOTION_TARGETS,
  REJECTION_REASONS,
  type PromotionDefinition,
} from "../../domain/promotions/model.ts";

/**
 * A promotion definition as it crosses the wire: the catalog service's merchant API answers with
 * it, its feed publishes it (`promotion.upserted`), the orders service replicates it and the edge
 * reads the active ones to preview discounts. The shape is domain/promotions/model.ts's.
 */
const minor = z.number().int().min(0);
export const perCurrencySchema = z.partialRecord(z.enum(CURRENCIES), minor);
const basisPoints = z.number().int().min(1).max(10_000);

/** Trimmed and upper case, letters, digits, dash and underscore: what a shopper can type. */
export const promotionCodeValueSchema = z
  .string()
  .trim()
  .min(3, { error: "a code is at least 3 characters" })
  .max(50, { error: "a code is at most 50 characters" })
  .regex(/^[A-Za-z0-9_-]+$/, { error: "a code has only letters, digits, '-' and '_'" })
  .transform((c) => c.toUpperCase());

const tierSchema = z.union([
  z.object({ minQuantity: z.number().int().min(1), basisPoints }),
  z.object({ minQuantity: z.number().int().min(1), amountOff: perCurrencySchema }),
  z.object({ minSubtotal: perCurrencySchema, basisPoints }),
  z.object({ minSubtotal: perCurrencySchema, amountOff: perCurrencySchema }),
]);

export const promotionEffectSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("percentage"), basisPoints }),
  z.object({ kind: z.literal("fixed_amount"), amountOff: perCurrencySchema }),
  z.object({ kind: z.literal("fixed_price"), price: perCurrencySchema }),
  z.object({
    kind: z.literal("buy_x_get_y"),
    buy: z.number().int().min(1).max(1000),
    get: z.number().int().min(1).max(1000),
    basisPoints,
    maxApplications: z.number().int().min(1).nullish(),
  }),
  z.object({ kind: z.literal("free_shipping") }),
  z.object({ kind: z.literal("tiered"), tiers: z.array(tierSchema).min(1).max(20) }),
]);

const ids = z.array(z.string().min(1).max(200)).max(1000);

export const promotionConditionsSchema = z.object({
  productIds: ids.optional(),
  variantIds: ids.optional(),
  categorySlugs: ids.optional(),
  minSubtotal: perCurrencySchema.optional(),
  minQuantity: z.number().int().min(1).optional(),
  currencies: z.array(z.enum(CURRENCIES)).min(1).optional(),
  signedInOnly: z.boolean().optional(),
  firstOrderOnly: z.boolean().optional(),
  customerIds: ids.optional(),
  /** Normalised like the customers service normalises an account's tags, so they compare as equal. */
  customerTags: z.array(customerTagSchema).max(100).optional(),
});

export const promotionLimitsSchema = z.object({
  totalUses: z.number().int().min(1).nullish(),
  usesPerCustomer: z.number().int().min(1).nullish(),
  budget: perCurrencySchema.optional(),
});

export const promotionCombinationSchema = z.object({
  combinable: z.boolean(),
  combinesWith: z.array(z.enum(PROMOTION_TARGETS)),
  priority: z.number().int().min(-1000).max(1000),
});

export const promotionDefinitionSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(200),
  description: z.string().max(500),
  status: z.enum(PROMOTION_STATUSES),
  activation: z.enum(["automatic", "code"]),
  codes: z.array(z.string()),
  target: z.enum(PROMOTION_TARGETS),
  effect: promotionEffectSchema,
  conditions: promotionConditionsSchema,
  limits: promotionLimitsSchema,
  combination: promotionCombinationSchema,
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  updatedAt: z.string(),
}) satisfies z.ZodType<PromotionDefinition, unknown>;

export const rejectionReasonSchema = z.enum(REJECTION_REASONS);
