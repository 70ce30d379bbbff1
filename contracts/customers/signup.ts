import { z } from "zod";
import { controlFree } from "../text.ts";
import { clientKeySchema, signUpSchema } from "./api.ts";

/**
 * Sign-up by email. `POST /customers/signup` answers the same 202 whether or not the email has an
 * account, and writes a message to the address: a link to finish sign-up, or a note that someone
 * tried. `POST /customers/signup/complete` with the link's token creates the account.
 */
export const MAX_LINK_LENGTH = 2000;

/** Where the link in the message points (the edge's page); the service adds `token` to it. */
const verifyUrlSchema = controlFree(z.string().max(MAX_LINK_LENGTH, { error: "verifyUrl is too long" }), "verifyUrl").pipe(
  z.url({ protocol: /^https?$/, error: "verifyUrl must be an http(s) URL" }),
);

export const signUpRequestSchema = signUpSchema.extend({
  clientKey: clientKeySchema.optional(),
  verifyUrl: verifyUrlSchema.optional(),
});
export type SignUpRequestInput = z.output<typeof signUpRequestSchema>;

/** A link's token: 32 random bytes, base64url. */
export const signUpTokenSchema = z.string({ error: "token is required" }).regex(/^[A-Za-z0-9_-]{43}$/, { error: "token is not a valid sign-up link token" });
export const completeSignUpSchema = z.object({ token: signUpTokenSchema });

export const SIGN_UP_ACCEPTED_MESSAGE = "Check your inbox to finish creating your account.";

/** The one answer to a sign-up, whether the email was new or taken. */
export const signUpAcceptedSchema = z.object({ status: z.literal("check_inbox"), message: z.string() });
export type SignUpAccepted = z.output<typeof signUpAcceptedSchema>;

/** A message as the development mailbox shows it. */
export const outboxMessageSchema = z.object({
  id: z.string(),
  to: z.string(),
  kind: z.enum(["signup_verify", "signup_existing_account"]),
  subject: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
});
export type OutboxMessage = z.output<typeof outboxMessageSchema>;

export const messagesResponseSchema = z.object({ messages: z.array(outboxMessageSchema) });
export type MessagesResponse = z.output<typeof messagesResponseSchema>;
