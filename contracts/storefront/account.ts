import { createRoute, z } from "@hono/zod-openapi";
import { signInSchema, signUpSchema } from "../customers/api.ts";
import { completeSignUpSchema } from "../customers/signup.ts";
import { errorResponse, SESSION, unavailable, WRITE_REFUSALS } from "./responses.ts";
import { currentCustomerSchema, customerAnswerSchema, signedOutSchema, signUpAcceptedSchema } from "./views.ts";

/**
 * Accounts. Sign-up and sign-in re-issue the session cookie with the customer and bring the guest
 * cart along; sign-out starts a fresh guest session.
 */
const base = { tags: ["Account"], security: SESSION };
const answer = <S extends z.ZodType>(description: string, schema: S) => ({ description, content: { "application/json": { schema } } });
const json = <S extends z.ZodType>(schema: S, example: unknown) => ({ required: true, content: { "application/json": { schema, example } } });
const rateLimited = errorResponse("RATE_LIMITED: too many attempts from this client or for this email; try again later");

export const signInBodySchema = signInSchema.pick({ email: true, password: true });

export const signUpRoute = createRoute({
  ...base,
  method: "post",
  path: "/api/account/signup",
  summary: "Start sign-up: a link is emailed",
  description: "Answers the same 202 whether or not the email already has an account, so it cannot be used to find accounts. The emailed link finishes sign-up.",
  request: { body: json(signUpSchema, { email: "ada@example.com", password: "correct horse battery staple", name: "Ada Lovelace" }) },
  responses: { 202: answer("A message is on its way", signUpAcceptedSchema), ...WRITE_REFUSALS, 429: rateLimited },
});

export const completeSignUpRoute = createRoute({
  ...base,
  method: "post",
  path: "/api/account/signup/complete",
  summary: "Finish sign-up with the emailed link's token",
  request: { body: json(completeSignUpSchema, { token: "q3J0Yk1xY2t5U0VwQ1Z6b0c2bFdKZ1hGcW9kT2xJcEU" }) },
  responses: { 201: answer("The account was created and this session is signed in", customerAnswerSchema), ...WRITE_REFUSALS, 409: errorResponse("EMAIL_TAKEN") },
});

export const signInRoute = createRoute({
  ...base,
  method: "post",
  path: "/api/account/signin",
  summary: "Sign in",
  request: { body: json(signInBodySchema, { email: "ada@example.com", password: "correct horse battery staple" }) },
  responses: {
    200: answer("Signed in; the guest cart was merged into the customer's", customerAnswerSchema),
    ...WRITE_REFUSALS,
    401: errorResponse("INVALID_CREDENTIALS: the same answer for an unknown email and a wrong password"),
    429: rateLimited,
  },
});

export const signOutRoute = createRoute({
  ...base,
  method: "post",
  path: "/api/account/signout",
  summary: "Sign out (this browser becomes a fresh guest)",
  responses: { 200: answer("Signed out", signedOutSchema), 403: WRITE_REFUSALS[403], 503: unavailable },
});

export const signOutEverywhereRoute = createRoute({
  ...base,
  method: "post",
  path: "/api/account/signout-everywhere",
  summary: "End every session of the customer, on every device",
  responses: { 200: answer("Signed out everywhere", signedOutSchema), 403: WRITE_REFUSALS[403], 503: unavailable },
});

export const meRoute = createRoute({
  ...base,
  method: "get",
  path: "/api/account/me",
  summary: "The signed-in customer, or null for a guest",
  responses: { 200: answer("The session's customer", currentCustomerSchema) },
});

export const ACCOUNT_ROUTES = [signUpRoute, completeSignUpRoute, signInRoute, signOutRoute, signOutEverywhereRoute, meRoute] as const;
