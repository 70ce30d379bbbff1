import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Sign-up by email: a request waits here until the link sent to its address is followed, and
 * every message the service sends is written to an outbox first (what a mail adapter would send,
 * and what the development mailbox shows).
 */
export const signupRequests = pgTable("signup_requests", {
  id: text("id").primaryKey(),
  email: text("email").notNull(),
  name: text("name"),
  /** Hashed when the request was made, so the plain password is never stored, not even here. */
  passwordHash: text("password_hash").notNull(),
  /** SHA-256 of the link's token: a leaked table does not hand out working links. */
  tokenHash: text("token_hash").notNull().unique("signup_requests_token_hash_unique"),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const MESSAGE_KINDS = ["signup_verify", "signup_existing_account"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const messages = pgTable(
  "messages",
  {
    id: text("id").primaryKey(),
    toEmail: text("to_email").notNull(),
    kind: text("kind", { enum: MESSAGE_KINDS }).notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    link: text("link"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("messages_to_email_idx").on(t.toEmail, t.createdAt)],
);

export type MessageRow = typeof messages.$inferSelect;
