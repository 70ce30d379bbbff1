import { z } from "zod";
import { AppError, notFound } from "../../domain/errors.ts";
import { parse, parseJsonBody } from "../../platform/http.ts";
import { emailSchema } from "../../platform/schemas.ts";
import { createServiceApp, requireSignature, type ServiceApp } from "../shared/server.ts";
import { findCustomer, signIn } from "./accounts.ts";
import { signInSchema, type CustomerResponse } from "./contract.ts";
import type { CustomersDb } from "./db.ts";
import { listMessages } from "./outbox-messages.ts";
import type { SignInLimiter } from "./sign-in-limit.ts";
import type { SignUpLimiter } from "./sign-up-limit.ts";
import { completeSignUpSchema, signUpRequestSchema, type MessagesResponse, type SignUpAccepted } from "./signup-contract.ts";
import { completeSignUp, requestSignUp } from "./signup-requests.ts";

export interface CustomersDeps {
  db: CustomersDb;
  limiter: SignInLimiter;
  signUpLimiter: SignUpLimiter;
  /**
   * Development and tests: serve the outbox at `GET /internal/messages` and log each message's
   * link. Never in production, where the messages' links are the keys to unfinished accounts.
   */
  devMailbox: boolean;
  /** Secrets whose signatures are accepted: the edge's and the sibling services'. */
  signingSecrets: readonly string[];
}

const rateLimited = (what: string, retryAfterSeconds: number) =>
  new AppError("RATE_LIMITED", 429, `too many ${what}, try again in ${retryAfterSeconds} s`, { retryAfterSeconds });

const messagesQuery = z.object({ to: emailSchema.optional() });

const idParam = z.object({ id: z.uuid({ error: "id must be a customer id" }) });

/** The customers service: accounts, sign-up and sign-in. Every route is signed. */
export function createCustomersApp(deps: CustomersDeps): ServiceApp {
  const app = createServiceApp("customers");
  app.use("/customers/*", requireSignature(deps.signingSecrets));

  // The same 202 for a new and a taken email; the difference goes to the address's inbox.
  app.post("/customers/signup", async (c) => {
    const input = await parseJsonBody(c, signUpRequestSchema);
    const attempt = await deps.signUpLimiter.attempt(input.clientKey);
    if (!attempt.ok) {
      c.header("Retry-After", String(attempt.retryAfterSeconds));
      throw rateLimited("sign-up attempts", attempt.retryAfterSeconds);
    }
    return c.json<SignUpAccepted>(await requestSignUp(deps.db, input, { logLinks: deps.devMailbox }), 202);
  });

  app.post("/customers/signup/complete", async (c) => {
    const { token } = await parseJsonBody(c, completeSignUpSchema);
    return c.json<CustomerResponse>({ customer: await completeSignUp(deps.db, token) }, 201);
  });

  app.post("/customers/signin", async (c) => {
    const input = await parseJsonBody(c, signInSchema);
    const attempt = await deps.limiter.attempt(input.email, input.clientKey);
    if (!attempt.ok) {
      c.header("Retry-After", String(attempt.retryAfterSeconds));
      throw rateLimited("sign-in attempts", attempt.retryAfterSeconds);
    }
    return c.json<CustomerResponse>({ customer: await signIn(deps.db, input) });
  });

  app.get("/customers/:id", async (c) => {
    const { id } = parse(idParam, c.req.param());
    const customer = await findCustomer(deps.db, id);
    if (!customer) throw notFound(`no customer ${id}`);
    return c.json<CustomerResponse>({ customer });
  });

  if (deps.devMailbox) {
    app.use("/internal/messages", requireSignature(deps.signingSecrets));
    app.get("/internal/messages", async (c) => {
      const { to } = parse(messagesQuery, c.req.query());
      return c.json<MessagesResponse>({ messages: await listMessages(deps.db, to) });
    });
  }

  return app;
}
