import { z } from "zod";
import { MAX_NAME_LENGTH } from "../limits.ts";
import { clientKeySchema, passwordSchema, signInSchema } from "../customers/api.ts";
import { emailSchema, optionalSafeText, safeText } from "../text.ts";
import { actorSchema, permissionSchema, roleSchema } from "./actor.ts";

/**
 * Staff accounts, API tokens and the audit log: the requests and answers of the customers
 * service's staff routes and of the edge's `/admin/api/...`, declared once.
 */

/** A staff member as every route returns them: never the password hash. */
export const staffSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type Staff = z.output<typeof staffSchema>;

export const staffResponseSchema = z.object({ staff: staffSchema });
export const staffListSchema = z.object({ staff: z.array(staffSchema) });

/** Staff sign in with the shoppers' rules (same hashing, same limits, own table). */
export const staffSignInSchema = signInSchema;
export type StaffSignInInput = z.output<typeof staffSignInSchema>;

export const createStaffSchema = z.object({
  email: emailSchema,
  name: optionalSafeText("name", MAX_NAME_LENGTH),
  role: roleSchema,
  /** Set by the owner and handed over; the member changes it later (not yet built). */
  password: passwordSchema,
});
export type CreateStaffInput = z.output<typeof createStaffSchema>;

export const patchStaffSchema = z
  .strictObject({ role: roleSchema.optional(), disabled: z.boolean({ error: "disabled must be true or false" }).optional() })
  .refine((v) => v.role !== undefined || v.disabled !== undefined, { error: "give role or disabled" });
export type PatchStaffInput = z.output<typeof patchStaffSchema>;

export const idParamSchema = z.object({ id: safeText("id", 100) });

/** An API token as listed: its secret is never shown again after creation. */
export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(permissionSchema),
  createdBy: z.string(),
  createdAt: z.string(),
  revoked: z.boolean(),
});
export type ApiToken = z.output<typeof apiTokenSchema>;

export const createTokenSchema = z.object({
  name: safeText("name", MAX_NAME_LENGTH),
  scopes: z.array(permissionSchema, { error: "scopes must be a list of permissions" }).min(1, { error: "scopes must name at least one permission" }),
});
export type CreateTokenInput = z.output<typeof createTokenSchema>;

/** The one answer that carries the secret: shown once, stored only as its hash. */
export const createdTokenSchema = z.object({ token: apiTokenSchema, secret: z.string() });
export const apiTokenResponseSchema = z.object({ token: apiTokenSchema });
export const apiTokenListSchema = z.object({ tokens: z.array(apiTokenSchema) });

/** API token secrets begin so, which lets a leaked one be recognised by secret scanners. */
export const API_TOKEN_PREFIX = "edgeshop_at_";
export const tokenSecretSchema = z.string().startsWith(API_TOKEN_PREFIX, { error: "not an edgeshop API token" }).max(200);
export const verifyTokenSchema = z.object({ secret: tokenSecretSchema });
export const verifiedActorSchema = z.object({ actor: actorSchema });

export { clientKeySchema };

/** One admin change as the audit log keeps it. */
export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.object({ kind: z.enum(["staff", "token"]), id: z.string(), name: z.string() }),
  action: z.string(),
  target: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string(),
});
export type AuditEntry = z.output<typeof auditEntrySchema>;

/** What the edge records after a change it forwarded to the catalog or orders service succeeded. */
export const recordAuditSchema = z.object({
  actor: actorSchema,
  action: safeText("action", 200),
  target: safeText("target", 500),
  before: z.unknown(),
  after: z.unknown(),
  requestId: safeText("requestId", 200),
});
export type RecordAuditInput = z.output<typeof recordAuditSchema>;

const isoTime = (field: string) => z.iso.datetime({ offset: true, error: `${field} must be an ISO 8601 time, such as 2026-12-03T05:00:00Z` }).optional();

/** Search: every filter optional, newest first, a page at a time (`before` = the last seq seen). */
export const auditQuerySchema = z.object({
  actor: optionalSafeText("actor", 200).describe("a staff member's email or id, or a token's name or id"),
  action: optionalSafeText("action", 200).describe("an action, or its beginning (\"staff.\", \"patch /promotions\")"),
  target: optionalSafeText("target", 500).describe("a target, or its beginning (\"/promotions/\")"),
  from: isoTime("from"),
  to: isoTime("to"),
  requestId: optionalSafeText("requestId", 200).describe("the x-request-id of the request that made the change"),
  before: z.coerce.number({ error: "before must be a number" }).int({ error: "before must be a whole number" }).positive({ error: "before must be positive" }).optional(),
  limit: z.coerce.number({ error: "limit must be a number" }).int({ error: "limit must be a whole number" }).min(1, { error: "limit must be 1 to 200" }).max(200, { error: "limit must be 1 to 200" }).default(50),
});
export type AuditQuery = z.output<typeof auditQuerySchema>;

export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema), nextBefore: z.number().int().nullable() });
