import { sql } from "drizzle-orm";
import { check, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The customers service's own database: one table of accounts. Emails are stored lower-cased
 * (the check constraint makes that a guarantee rather than a habit), so the plain UNIQUE
 * constraint is what makes them unique regardless of case.
 */
export const customers = pgTable(
  "customers",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull().unique("customers_email_unique"),
    name: text("name"),
    /** `scrypt$N$r$p$salt$hash` (see password.ts): never logged, never returned. */
    passwordHash: text("password_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * The merchant's tags on the account (contracts/customers/tags.ts), sorted and normalised;
     * promotions may be limited to them. Every change is published as `customer.tags_changed`.
     */
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [check("customers_email_lower_case", sql`${t.email} = lower(${t.email})`)],
);

export type CustomerRow = typeof customers.$inferSelect;

export * from "./signup-schema.ts";
export * from "./staff-schema.ts";
export * from "./webhooks/schema.ts";
/**
 * The customers feed (`GET /internal/events`): tag changes, for the orders service's replica; and
 * this service's position in the feeds it follows (the orders feed, for webhooks).
 */
export { consumerCursors, outbox } from "../shared/outbox-schema.ts";
