import { z } from "zod";
import { MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../limits.ts";
import { controlFree, emailSchema } from "../text.ts";

/**
 * The customers service's request and response shapes. Only zod and the shared schemas are
 * imported, so the edge checks a sign-up or sign-in with the very same rules before it calls the
 * service; an account's email follows the same rule as a cart's and an order's.
 */

/**
 * Every text a sign-up stores or derives something from follows the shared text rules: no control
 * characters and no lone surrogates (which Postgres would store as U+FFFD, and scrypt would hash
 * as U+FFFD, so two different "passwords" would match). A password is not trimmed.
 */
export const passwordSchema = controlFree(
  z
    .string({ error: "password is required" })
    .min(MIN_PASSWORD_LENGTH, { error: `password must be at least ${MIN_PASSWORD_LENGTH} characters` })
    .max(MAX_PASSWORD_LENGTH, { error: `password must be at most ${MAX_PASSWORD_LENGTH} characters` }),
  "password",
);

const nameSchema = controlFree(
  z
    .string({ error: "name must be text" })
    .trim()
    .max(MAX_NAME_LENGTH, { error: `name must be at most ${MAX_NAME_LENGTH} characters` }),
  "name",
).transform((v) => (v === "" ? undefined : v));

/** The shopper's IP as the edge saw it: part of rate-limit keys, so it follows the text rules too. */
export const clientKeySchema = controlFree(z.string().max(128, { error: "clientKey must be at most 128 characters" }), "clientKey");

export const signUpSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: nameSchema.nullish().transform((v) => v ?? undefined),
});
export type SignUpInput = z.output<typeof signUpSchema>;

/**
 * Sign-in accepts any password length up to the maximum: an account's password met the rules
 * when it was set, and refusing a short one here would answer differently from "wrong password".
 */
export const signInSchema = z.object({
  email: emailSchema,
  password: z
    .string({ error: "password is required" })
    .min(1, { error: "password is required" })
    .max(MAX_PASSWORD_LENGTH, { error: `password must be at most ${MAX_PASSWORD_LENGTH} characters` }),
  /** Where the attempt came from (the shopper's IP, as the edge saw it), for per-client rate limits. */
  clientKey: clientKeySchema.optional(),
});
export type SignInInput = z.output<typeof signInSchema>;

/** A customer as every route returns it: never the password hash. */
export const customerSchema = z.object({ id: z.string(), email: z.string(), name: z.string().nullable() });
export type Customer = z.output<typeof customerSchema>;

export const customerResponseSchema = z.object({ customer: customerSchema });
export type CustomerResponse = z.output<typeof customerResponseSchema>;
