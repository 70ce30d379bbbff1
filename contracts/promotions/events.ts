import { z } from "zod";
import { promotionDefinitionSchema } from "./definition.ts";

/**
 * Promotion events on the catalog's feed (the catalog owns promotion definitions: see README,
 * "Who owns what"). The orders service replicates definitions and codes from these.
 */
export const PROMOTION_UPSERTED = "promotion.upserted";
export const PROMOTION_CODES_GENERATED = "promotion.codes_generated";

/** The whole definition, every time: a consumer replaces its copy. */
export const promotionUpsertedSchema = promotionDefinitionSchema;

/** A batch of generated single-use codes (normalised); large generations are published in batches of at most 1,000. */
export const promotionCodesGeneratedSchema = z.object({
  promotionId: z.string().min(1),
  codes: z.array(z.string().min(1)).min(1).max(1000),
});
export type PromotionCodesGenerated = z.output<typeof promotionCodesGeneratedSchema>;

export const PROMOTION_EVENTS = {
  [PROMOTION_UPSERTED]: promotionUpsertedSchema,
  [PROMOTION_CODES_GENERATED]: promotionCodesGeneratedSchema,
} as const;
