import { createRoute, z } from "@hono/zod-openapi";
import { errorResponse } from "../../platform/openapi.ts";
import { EDGE_SIGNED, merchant } from "../security.ts";
import {
  auditPageSchema,
  auditQuerySchema,
  recordAuditSchema,
  apiTokenListSchema,
  apiTokenResponseSchema,
  createdTokenSchema,
  createStaffSchema,
  createTokenSchema,
  idParamSchema,
  patchStaffSchema,
  staffListSchema,
  staffResponseSchema,
  staffSignInSchema,
  verifiedActorSchema,
  verifyTokenSchema,
} from "./api.ts";

/**
 * The customers service's staff routes, declared once. `/staff/*` is for the edge alone (it signs
 * in staff and checks API tokens); `/merchant/*` is the admin API proper, which the edge serves as
 * `/admin/api/*` (edge/src/admin/) and the service guards with `requireMerchant`.
 */
const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <S extends z.ZodType>(schema: S) => ({ required: true, content: { "application/json": { schema } } });
const invalid = errorResponse("VALIDATION_FAILED naming the field.");
const noActor = errorResponse("UNAUTHORIZED: no staff session or API token; BAD_SIGNATURE.");
const noPermission = errorResponse("FORBIDDEN: the role or token lacks the route's permission.");

export const staffSignInRoute = createRoute({
  method: "post",
  path: "/staff/signin",
  summary: "Check a staff member's email and password; answers the member (the edge issues the admin session)",
  request: { body: body(staffSignInSchema) },
  responses: {
    200: json(staffResponseSchema, "The staff member signed in."),
    400: invalid,
    401: errorResponse("INVALID_CREDENTIALS (wrong password, unknown email and disabled member alike), or BAD_SIGNATURE."),
    429: errorResponse("RATE_LIMITED, with details.retryAfterSeconds."),
  },
  security: EDGE_SIGNED,
});

export const verifyTokenRoute = createRoute({
  method: "post",
  path: "/staff/tokens/verify",
  summary: "The actor an API token secret stands for; 401 for an unknown or revoked one",
  request: { body: body(verifyTokenSchema) },
  responses: { 200: json(verifiedActorSchema, "The token, as the actor of a request."), 400: invalid, 401: errorResponse("UNAUTHORIZED: unknown or revoked token; BAD_SIGNATURE.") },
  security: EDGE_SIGNED,
});

export const listStaffRoute = createRoute({
  method: "get",
  path: "/merchant/staff",
  summary: "Every staff member, disabled ones included",
  responses: { 200: json(staffListSchema, "The staff."), 401: noActor, 403: noPermission },
  security: merchant("staff:read"),
});

export const createStaffRoute = createRoute({
  method: "post",
  path: "/merchant/staff",
  summary: "Add a staff member with a role and a first password",
  request: { body: body(createStaffSchema) },
  responses: { 201: json(staffResponseSchema, "The new member."), 400: invalid, 401: noActor, 403: noPermission, 409: errorResponse("EMAIL_TAKEN.") },
  security: merchant("staff:write"),
});

export const patchStaffRoute = createRoute({
  method: "patch",
  path: "/merchant/staff/{id}",
  summary: "Change a member's role, or disable / enable them (the edge then ends their sessions)",
  request: { params: idParamSchema, body: body(patchStaffSchema) },
  responses: {
    200: json(staffResponseSchema, "The member as changed."),
    400: invalid,
    401: noActor,
    403: noPermission,
    404: errorResponse("NOT_FOUND."),
    409: errorResponse("LAST_OWNER: the shop would be left without an active owner."),
  },
  security: merchant("staff:write"),
});

export const listTokensRoute = createRoute({
  method: "get",
  path: "/merchant/tokens",
  summary: "Every API token (never its secret), revoked ones included",
  responses: { 200: json(apiTokenListSchema, "The tokens."), 401: noActor, 403: noPermission },
  security: merchant("staff:read"),
});

export const createTokenRoute = createRoute({
  method: "post",
  path: "/merchant/tokens",
  summary: "Create an API token with scopes; its secret is in this answer and never again",
  request: { body: body(createTokenSchema) },
  responses: { 201: json(createdTokenSchema, "The token and, once, its secret."), 400: invalid, 401: noActor, 403: noPermission },
  security: merchant("staff:write"),
});

export const revokeTokenRoute = createRoute({
  method: "post",
  path: "/merchant/tokens/{id}/revoke",
  summary: "Revoke an API token: it stops working at once",
  request: { params: idParamSchema },
  responses: { 200: json(apiTokenResponseSchema, "The token, revoked."), 401: noActor, 403: noPermission, 404: errorResponse("NOT_FOUND.") },
  security: merchant("staff:write"),
});

export const recordAuditRoute = createRoute({
  method: "post",
  path: "/staff/audit",
  summary: "Record a change the edge forwarded to another service (who, what, before, after, request id)",
  request: { body: body(recordAuditSchema) },
  responses: { 201: json(z.object({ recorded: z.literal(true) }), "Recorded."), 400: invalid, 401: errorResponse("BAD_SIGNATURE.") },
  security: EDGE_SIGNED,
});

export const listAuditRoute = createRoute({
  method: "get",
  path: "/merchant/audit",
  summary: "Search the audit log: by actor, action, target, time and request id, newest first",
  request: { query: auditQuerySchema },
  responses: { 200: json(auditPageSchema, "A page of entries; nextBefore continues it."), 400: invalid, 401: noActor, 403: noPermission },
  security: merchant("audit:read"),
});
