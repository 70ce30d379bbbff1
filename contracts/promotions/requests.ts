import { z } from "zod";
import { PROMOTION_STATUSES, PROMOTION_TARGETS, type PromotionEffect, type PromotionKind, type PromotionTarget } from "../../domain/promotions/model.ts";
import {
  promotionCodeValueSchema,
  promotionCombinationSchema,
  promotionConditionsSchema,
  promotionEffectSchema,
  promotionLimitsSchema,
} from "./definition.ts";

/**
 * What a merchant sends to the catalog's promotions API (contracts/promotions/routes.ts). Field
 * shapes come from definition.ts; the rules that tie fields together (which effect suits which
 * target, a window that ends after it starts, codes only for code promotions) are
 * `definitionIssues`, applied to a new definition here and to an updated one after merging.
 */

/** The effects each target allows: a shipping discount cannot be "buy 2 get 1", a product one cannot waive shipping. */
export const KINDS_BY_TARGET: Record<PromotionTarget, readonly PromotionKind[]> = {
  product: ["percentage", "fixed_amount", "fixed_price", "buy_x_get_y", "tiered"],
  order: ["percentage", "fixed_amount", "tiered"],
  shipping: ["percentage", "fixed_amount", "free_shipping"],
};

/** At most this many reusable codes per promotion; single-use codes are generated apart. */
export const MAX_REUSABLE_CODES = 100;
/** At most this many single-use codes per generation request. */
export const MAX_GENERATED_CODES = 10_000;

const instant = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time with a time zone, e.g. 2026-11-27T00:00:00Z" }).nullable();
const codes = z.array(promotionCodeValueSchema).max(MAX_REUSABLE_CODES, { error: `at most ${MAX_REUSABLE_CODES} codes` });

export interface DefinitionFacts {
  activation: "automatic" | "code";
  codes: readonly string[];
  target: PromotionTarget;
  effect: PromotionEffect;
  startsAt: string | null;
  endsAt: string | null;
}

export interface FieldIssue {
  path: string;
  message: string;
}

/** What is wrong with a definition as a whole, each naming its field; empty when it is sound. */
export function definitionIssues(d: DefinitionFacts): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!KINDS_BY_TARGET[d.target].includes(d.effect.kind)) {
    issues.push({ path: "effect.kind", message: `a ${d.target} promotion cannot be ${d.effect.kind} (allowed: ${KINDS_BY_TARGET[d.target].join(", ")})` });
  }
  if (d.effect.kind === "tiered") {
    const byQuantity = d.effect.tiers.map((t) => "minQuantity" in t);
    if (byQuantity.some((q) => q !== byQuantity[0])) issues.push({ path: "effect.tiers", message: "every tier uses the same threshold (minQuantity or minSubtotal)" });
  }
  if (d.startsAt !== null && d.endsAt !== null && Date.parse(d.startsAt) >= Date.parse(d.endsAt)) {
    issues.push({ path: "endsAt", message: "endsAt must be after startsAt" });
  }
  if (d.activation === "automatic" && d.codes.length > 0) issues.push({ path: "codes", message: "an automatic promotion has no codes" });
  const seen = new Set<string>();
  d.codes.forEach((code, i) => {
    if (seen.has(code)) issues.push({ path: `codes.${i}`, message: `${code} is listed twice` });
    seen.add(code);
  });
  return issues;
}

const addIssues = (d: DefinitionFacts, ctx: z.RefinementCtx) => {
  for (const issue of definitionIssues(d)) ctx.addIssue({ code: "custom", path: issue.path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p)), message: issue.message });
};

const fields = {
  name: z.string().trim().min(1, { error: "name must not be empty" }).max(200),
  description: z.string().max(500),
  activation: z.enum(["automatic", "code"]),
  codes,
  target: z.enum(PROMOTION_TARGETS),
  effect: promotionEffectSchema,
  conditions: promotionConditionsSchema.strict(),
  limits: promotionLimitsSchema.strict(),
  combination: promotionCombinationSchema.strict(),
  startsAt: instant,
  endsAt: instant,
};

/** Combines with everything, at the default priority, unless the merchant says otherwise. */
export const DEFAULT_COMBINATION = { combinable: true, combinesWith: [...PROMOTION_TARGETS], priority: 0 };

export const promotionCreateSchema = z
  .strictObject({
    ...fields,
    description: fields.description.default(""),
    /** A new promotion is a draft unless it is switched on straight away. */
    status: z.enum(["draft", "active"]).default("draft"),
    codes: codes.default([]),
    conditions: fields.conditions.default({}),
    limits: fields.limits.default({}),
    combination: fields.combination.default(DEFAULT_COMBINATION),
    startsAt: instant.default(null),
    endsAt: instant.default(null),
  })
  .superRefine(addIssues);
export type PromotionCreate = z.output<typeof promotionCreateSchema>;

/**
 * Any field of a definition except its status (pause, activate and archive are their own
 * requests). Cross-field rules are checked on the definition the patch would make.
 */
export const promotionPatchSchema = z.strictObject({
  name: fields.name.optional(),
  description: fields.description.optional(),
  activation: fields.activation.optional(),
  codes: codes.optional(),
  target: fields.target.optional(),
  effect: fields.effect.optional(),
  conditions: fields.conditions.optional(),
  limits: fields.limits.optional(),
  combination: fields.combination.optional(),
  startsAt: instant.optional(),
  endsAt: instant.optional(),
});
export type PromotionPatch = z.output<typeof promotionPatchSchema>;

export const promotionListQuerySchema = z.object({ status: z.enum(PROMOTION_STATUSES).optional() });

/** New promotions get "promo_…" ids; the seed's demo ones keep their own ("demo-welcome10"). */
export const promotionIdParamSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, { error: "id is 1 to 80 letters, digits, '-' or '_'" }) });

/** Upper case letters and digits (a dash is added between prefix and code). */
export const codePrefixSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{1,20}$/, { error: "prefix is 1 to 20 letters or digits" })
  .transform((p) => p.toUpperCase());

export const generateCodesSchema = z.strictObject({
  count: z.number({ error: "count must be a number" }).int({ error: "count must be a whole number" }).min(1).max(MAX_GENERATED_CODES, { error: `count must be at most ${MAX_GENERATED_CODES}` }),
  prefix: codePrefixSchema.optional(),
});
export type GenerateCodes = z.output<typeof generateCodesSchema>;

export const idempotencyHeaderSchema = z.object({ "idempotency-key": z.string().min(1).max(200).optional() });

/** A code as a shopper typed it, in the storefront's code lookup path. */
export const promotionCodeParamSchema = z.object({ code: promotionCodeValueSchema });
