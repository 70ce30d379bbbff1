import { sql } from "drizzle-orm";
import { bigserial, check, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { ROLES } from "../../domain/staff-roles.ts";

/**
 * The merchant's staff, their API tokens and the audit log: kept in the customers service's
 * database (the identity service: it already has the password hashing and the sign-in limits) but
 * in tables of their own, never mixed with shoppers' accounts. README "Merchant admin" says why.
 */
export const staff = pgTable(
  "staff",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull().unique("staff_email_unique"),
    name: text("name"),
    role: text("role", { enum: ROLES }).notNull(),
    /** `scrypt$N$r$p$salt$hash` (password.ts): never logged, never returned. */
    passwordHash: text("password_hash").notNull(),
    /** A disabled member cannot sign in; the row stays for the audit log's sake. */
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("staff_email_lower_case", sql`${t.email} = lower(${t.email})`),
    check("staff_role_known", sql`${t.role} in (${sql.raw(ROLES.map((r) => `'${r}'`).join(", "))})`),
  ],
);
export type StaffRow = typeof staff.$inferSelect;

export const apiTokens = pgTable("api_tokens", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** SHA-256 of the secret, which is shown once at creation: a leaked table opens nothing. */
  tokenHash: text("token_hash").notNull().unique("api_tokens_token_hash_unique"),
  /** Permissions (domain/staff-roles.ts) the token grants. */
  scopes: text("scopes").array().notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});
export type ApiTokenRow = typeof apiTokens.$inferSelect;

/** One row per admin change: who, what, on what, before and after, when, and the request's id. */
export const auditLog = pgTable(
  "audit_log",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorKind: text("actor_kind").notNull(),
    actorId: text("actor_id").notNull(),
    actorName: text("actor_name").notNull(),
    action: text("action").notNull(),
    target: text("target").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    requestId: text("request_id").notNull(),
  },
  (t) => [index("audit_log_actor_idx").on(t.actorId, t.seq), index("audit_log_target_idx").on(t.target, t.seq), index("audit_log_action_idx").on(t.action, t.seq), index("audit_log_request_idx").on(t.requestId)],
);
