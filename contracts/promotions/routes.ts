import { createRoute, z } from "@hono/zod-openapi";
import type { PromotionDefinition } from "../../domain/promotions/model.ts";
import { errorResponse } from "../../platform/openapi.ts";
import { EDGE_OR_SERVICE_SIGNED, merchant } from "../security.ts";
import { promotionDefinitionSchema } from "./definition.ts";
import {
  generateCodesSchema,
  idempotencyHeaderSchema,
  promotionCodeParamSchema,
  promotionCreateSchema,
  promotionIdParamSchema,
  promotionListQuerySchema,
  promotionPatchSchema,
} from "./requests.ts";

/**
 * The promotions API of the catalog service (which owns promotion definitions: README, "Who owns
 * what"), declared once: regional-services/catalog/app.ts mounts these. Merchant routes need the
 * merchant token; the storefront reads are signed by the edge and cached by catalog version.
 */

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <S extends z.ZodType>(schema: S) => ({ required: true, content: { "application/json": { schema } } });

export const examplePromotion: PromotionDefinition = {
  id: "promo_welcome10",
  name: "Welcome 10 %",
  description: "10% off your order",
  status: "active",
  activation: "code",
  codes: ["WELCOME10"],
  target: "order",
  effect: { kind: "percentage", basisPoints: 1000 },
  conditions: {},
  limits: { usesPerCustomer: 1 },
  combination: { combinable: true, combinesWith: ["product", "order", "shipping"], priority: 0 },
  startsAt: null,
  endsAt: null,
  updatedAt: "2026-11-01T09:00:00.000Z",
};

const promotionResponseSchema = z.object({ promotion: promotionDefinitionSchema }).meta({ example: { promotion: examplePromotion } });
const promotionsResponseSchema = z.object({ promotions: z.array(promotionDefinitionSchema) }).meta({ example: { promotions: [examplePromotion] } });
export const promotionCodeLookupSchema = z.object({ promotionId: z.string(), singleUse: z.boolean() }).meta({ example: { promotionId: "promo_bf2026", singleUse: true } });
export type PromotionCodeLookup = z.output<typeof promotionCodeLookupSchema>;
export const generatedCodesSchema = z
  .object({ promotionId: z.string(), codes: z.array(z.string()) })
  .meta({ example: { promotionId: "promo_bf2026", codes: ["BF-7K3QX9WMHT", "BF-2PZR8CN4VE"] } });

const unsigned = errorResponse("BAD_SIGNATURE: unsigned, expired or wrongly signed.");
const merchantErrors = {
  401: errorResponse("UNAUTHORIZED: no merchant token, or not `Bearer <token>`."),
  403: errorResponse("FORBIDDEN: the merchant token is not valid."),
} as const;
const oneOf = { ...merchantErrors, 404: errorResponse("NOT_FOUND: no such promotion.") } as const;
const changeErrors = {
  ...oneOf,
  409: errorResponse("PROMOTION_ARCHIVED: archived promotions never change; PROMOTION_CODE_TAKEN: a code belongs to another promotion; PROMOTION_STATE_CONFLICT."),
} as const;

export const createPromotionRoute = createRoute({
  method: "post",
  path: "/merchant/promotions",
  summary: "Create a promotion (a draft, or active straight away)",
  description: "Writes `promotion.upserted` in the same transaction.",
  request: {
    body: body(
      promotionCreateSchema.meta({
        example: { name: "Black Friday", description: "20% off shoes", status: "active", activation: "automatic", target: "product", effect: { kind: "percentage", basisPoints: 2000 }, conditions: { categorySlugs: ["shoes"] }, startsAt: "2026-11-27T00:00:00Z", endsAt: "2026-11-30T23:59:59Z" },
      }),
    ),
  },
  responses: {
    201: json(promotionResponseSchema, "The promotion as stored."),
    400: errorResponse("VALIDATION_FAILED naming the field."),
    ...merchantErrors,
    409: errorResponse("PROMOTION_CODE_TAKEN: a code already belongs to a promotion."),
  },
  security: merchant("promotions:write"),
});

export const listPromotionsRoute = createRoute({
  method: "get",
  path: "/merchant/promotions",
  summary: "Every promotion, newest first, optionally of one status",
  request: { query: promotionListQuerySchema.meta({ example: { status: "active" } }) },
  responses: { 200: json(promotionsResponseSchema, "The promotions."), 400: errorResponse("VALIDATION_FAILED naming `status`."), ...merchantErrors },
  security: merchant("promotions:read"),
});

export const getPromotionRoute = createRoute({
  method: "get",
  path: "/merchant/promotions/{id}",
  summary: "One promotion",
  request: { params: promotionIdParamSchema.meta({ example: { id: "promo_welcome10" } }) },
  responses: { 200: json(promotionResponseSchema, "The promotion."), 400: errorResponse("VALIDATION_FAILED naming `id`."), ...oneOf },
  security: merchant("promotions:read"),
});

export const patchPromotionRoute = createRoute({
  method: "patch",
  path: "/merchant/promotions/{id}",
  summary: "Change a promotion (its terms, codes or schedule)",
  description: "Status changes have their own routes. Writes `promotion.upserted` in the same transaction.",
  request: {
    params: promotionIdParamSchema.meta({ example: { id: "promo_welcome10" } }),
    body: body(promotionPatchSchema.meta({ example: { startsAt: "2026-12-01T00:00:00Z", endsAt: "2026-12-24T00:00:00Z" } })),
  },
  responses: { 200: json(promotionResponseSchema, "The promotion after the change."), 400: errorResponse("VALIDATION_FAILED naming the field."), ...changeErrors },
  security: merchant("promotions:write"),
});

const statusRoute = (action: "pause" | "activate" | "archive", summary: string) =>
  createRoute({
    method: "post",
    path: `/merchant/promotions/{id}/${action}`,
    summary,
    description: "Writes `promotion.upserted` in the same transaction; asking for the status it already has changes nothing.",
    request: { params: promotionIdParamSchema.meta({ example: { id: "promo_welcome10" } }) },
    responses: { 200: json(promotionResponseSchema, "The promotion after the change."), 400: errorResponse("VALIDATION_FAILED naming `id`."), ...changeErrors },
    security: merchant("promotions:write"),
  });

export const pausePromotionRoute = statusRoute("pause", "Pause an active promotion (it can be activated again)");
export const activatePromotionRoute = statusRoute("activate", "Switch a draft or paused promotion on (its schedule still applies)");
export const archivePromotionRoute = statusRoute("archive", "Archive a promotion: final, kept for the record of its uses");

export const generateCodesRoute = createRoute({
  method: "post",
  path: "/merchant/promotions/{id}/codes",
  summary: "Generate single-use codes for a code promotion (up to 10,000 at once)",
  description:
    "Codes are crypto-random, from an alphabet without look-alike characters, `PREFIX-XXXXXXXXXX`. Published as `promotion.codes_generated` events of at most 1,000 codes. With an Idempotency-Key, a repeat answers the same codes.",
  request: {
    params: promotionIdParamSchema.meta({ example: { id: "promo_bf2026" } }),
    headers: idempotencyHeaderSchema.meta({ example: { "idempotency-key": "gen-2026-11-01-a" } }),
    body: body(generateCodesSchema.meta({ example: { count: 1000, prefix: "BF" } })),
  },
  responses: {
    201: json(generatedCodesSchema, "The codes generated (or, for a repeated Idempotency-Key, generated before)."),
    400: errorResponse("VALIDATION_FAILED naming the field."),
    ...changeErrors,
    422: errorResponse("IDEMPOTENCY_KEY_REUSED: the key was used for a different request."),
  },
  security: merchant("promotions:write"),
});

export const catalogPromotionsRoute = createRoute({
  method: "get",
  path: "/catalog/promotions",
  summary: "The promotions a cart may need: active (or scheduled to start) and not ended, with their reusable codes",
  description: "Generated single-use codes are left out (look one up by code). The engine judges each schedule against the clock.",
  responses: { 200: json(promotionsResponseSchema, "The promotions."), 401: unsigned },
  security: EDGE_OR_SERVICE_SIGNED,
});

export const catalogPromotionCodeRoute = createRoute({
  method: "get",
  path: "/catalog/promotions/codes/{code}",
  summary: "Which promotion a code belongs to (any code, generated single-use ones included)",
  description: "Whether a single-use code was used is known to the orders service only.",
  request: { params: promotionCodeParamSchema.meta({ example: { code: "BF-7K3QX9WMHT" } }) },
  responses: {
    200: json(promotionCodeLookupSchema, "The code's promotion."),
    400: errorResponse("VALIDATION_FAILED naming `code`."),
    401: unsigned,
    404: errorResponse("NOT_FOUND: no promotion has this code."),
  },
  security: EDGE_OR_SERVICE_SIGNED,
});
