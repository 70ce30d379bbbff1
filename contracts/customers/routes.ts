import { createRoute, z } from "@hono/zod-openapi";
import { errorResponse } from "../../platform/openapi.ts";
import { EDGE_OR_SERVICE_SIGNED } from "../security.ts";
import { emailSchema } from "../text.ts";
import { customerResponseSchema, signInSchema } from "./api.ts";
import { completeSignUpSchema, messagesResponseSchema, SIGN_UP_ACCEPTED_MESSAGE, signUpAcceptedSchema, signUpRequestSchema } from "./signup.ts";

/**
 * The customers service's routes, declared once: regional-services/customers/app.ts mounts them
 * and serves them as `GET /openapi.json`; the edge calls them through `callServiceRoute`. Every
 * route accepts the edge's or a sibling's signature (the service is given both secrets).
 */

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <S extends z.ZodType>(schema: S) => ({ required: true, content: { "application/json": { schema } } });
const unsigned = errorResponse("BAD_SIGNATURE: unsigned, expired or wrongly signed.");
const rateLimited = {
  description: "RATE_LIMITED, with `details.retryAfterSeconds` and a Retry-After header.",
  headers: { "Retry-After": { description: "Seconds until another attempt is allowed.", schema: { type: "integer" as const } } },
  content: errorResponse("").content,
};

const exampleCustomer = { customer: { id: "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f4a1b2c", email: "ada@example.com", name: "Ada" } };
const customerAnswer = customerResponseSchema.meta({ example: exampleCustomer });

export const signUpRoute = createRoute({
  method: "post",
  path: "/customers/signup",
  summary: "Ask to sign up: mails a link (new email) or a note (taken email); the same 202 either way",
  request: {
    body: body(
      signUpRequestSchema.meta({
        example: { email: "ada@example.com", password: "correct horse", name: "Ada", clientKey: "198.51.100.7", verifyUrl: "https://shop.example.com/account/verify" },
      }),
    ),
  },
  responses: {
    202: json(signUpAcceptedSchema.meta({ example: { status: "check_inbox", message: SIGN_UP_ACCEPTED_MESSAGE } }), "Accepted; the difference between a new and a taken email goes to the inbox."),
    400: errorResponse("VALIDATION_FAILED naming the field."),
    401: unsigned,
    413: errorResponse("PAYLOAD_TOO_LARGE."),
    429: rateLimited,
  },
  security: EDGE_OR_SERVICE_SIGNED,
});

export const completeSignUpRoute = createRoute({
  method: "post",
  path: "/customers/signup/complete",
  summary: "Finish a sign-up with the emailed link's token: creates the account",
  request: { body: body(completeSignUpSchema.meta({ example: { token: "q3Zb8yV1cX4nR7tK0pL2sW9eH6jA5mD8fG1uI3oQ7xE" } })) },
  responses: {
    201: json(customerAnswer, "The new customer."),
    400: errorResponse("VALIDATION_FAILED naming `token`, or INVALID_TOKEN: unknown, expired or already used."),
    401: unsigned,
    409: errorResponse("EMAIL_TAKEN: an account was made meanwhile by another link."),
    413: errorResponse("PAYLOAD_TOO_LARGE."),
  },
  security: EDGE_OR_SERVICE_SIGNED,
});

export const signInRoute = createRoute({
  method: "post",
  path: "/customers/signin",
  summary: "Check an email and password; answers the customer",
  request: { body: body(signInSchema.meta({ example: { email: "ada@example.com", password: "correct horse", clientKey: "198.51.100.7" } })) },
  responses: {
    200: json(
      customerResponseSchema.extend({ tags: z.array(z.string()) }).meta({ example: { ...exampleCustomer, tags: ["vip"] } }),
      "The customer signed in, with the merchant's tags on the account (for the cart's promotion preview).",
    ),
    400: errorResponse("VALIDATION_FAILED naming the field."),
    401: errorResponse("INVALID_CREDENTIALS (a wrong password and an unknown email alike), or BAD_SIGNATURE."),
    413: errorResponse("PAYLOAD_TOO_LARGE."),
    429: rateLimited,
  },
  security: EDGE_OR_SERVICE_SIGNED,
});

export const customerIdParamSchema = z.object({ id: z.uuid({ error: "id must be a customer id" }).meta({ example: exampleCustomer.customer.id }) });

export const customerRoute = createRoute({
  method: "get",
  path: "/customers/{id}",
  summary: "One customer by id",
  request: { params: customerIdParamSchema },
  responses: {
    200: json(customerAnswer, "The customer."),
    400: errorResponse("VALIDATION_FAILED naming `id`."),
    401: unsigned,
    404: errorResponse("NOT_FOUND: no such customer."),
  },
  security: EDGE_OR_SERVICE_SIGNED,
});

export const messagesQuerySchema = z.object({ to: emailSchema.optional() }).meta({ example: { to: "ada@example.com" } });

export const messagesRoute = createRoute({
  method: "get",
  path: "/internal/messages",
  summary: "The development mailbox: messages the service would have mailed, newest first (never in production)",
  request: { query: messagesQuerySchema },
  responses: {
    200: json(
      messagesResponseSchema.meta({
        example: {
          messages: [
            {
              id: "8a0d6c1e-2f4b-4e7a-9c3d-1b5e7f9a2c4d",
              to: "ada@example.com",
              kind: "signup_verify",
              subject: "Finish creating your account",
              body: "Follow the link to finish creating your account.",
              link: "https://shop.example.com/account/verify?token=q3Zb8yV1cX4nR7tK0pL2sW9eH6jA5mD8fG1uI3oQ7xE",
              createdAt: "2025-05-01T12:00:00.000Z",
            },
          ],
        },
      }),
      "At most 50 messages, to `to` when given.",
    ),
    400: errorResponse("VALIDATION_FAILED naming `to`."),
    401: unsigned,
  },
  security: EDGE_OR_SERVICE_SIGNED,
});
