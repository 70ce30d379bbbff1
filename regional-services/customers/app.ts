import { z } from "zod";
import { AppError, notFound } from "../../platform/errors.ts";
import { parse, parseJsonBody } from "../../platform/http.ts";
import { createServiceApp, requireSignature, type ServiceApp } from "../shared/server.ts";
import { findCustomer, signIn, signUp } from "./accounts.ts";
import { signInSchema, signUpSchema, type CustomerResponse } from "../../contracts/customers/api.ts";
import type { CustomersDb } from "./db.ts";
import type { SignInLimiter } from "./sign-in-limit.ts";

export interface CustomersDeps {
  db: CustomersDb;
  limiter: SignInLimiter;
  /** Secrets whose signatures are accepted: the edge's and the sibling services'. */
  signingSecrets: readonly string[];
}

const rateLimited = (retryAfterSeconds: number) =>
  new AppError("RATE_LIMITED", `too many sign-in attempts, try again in ${retryAfterSeconds} s`, { retryAfterSeconds });

const idParam = z.object({ id: z.uuid({ error: "id must be a customer id" }) });

/** The customers service: accounts, sign-up and sign-in. Every route is signed. */
export function createCustomersApp(deps: CustomersDeps): ServiceApp {
  const app = createServiceApp("customers");
  app.use("/customers/*", requireSignature(deps.signingSecrets));

  app.post("/customers/signup", async (c) => {
    const input = await parseJsonBody(c, signUpSchema);
    return c.json<CustomerResponse>({ customer: await signUp(deps.db, input) }, 201);
  });

  app.post("/customers/signin", async (c) => {
    const input = await parseJsonBody(c, signInSchema);
    const attempt = await deps.limiter.attempt(input.email, input.clientKey);
    if (!attempt.ok) {
      c.header("Retry-After", String(attempt.retryAfterSeconds));
      throw rateLimited(attempt.retryAfterSeconds);
    }
    return c.json<CustomerResponse>({ customer: await signIn(deps.db, input) });
  });

  app.get("/customers/:id", async (c) => {
    const { id } = parse(idParam, c.req.param());
    const customer = await findCustomer(deps.db, id);
    if (!customer) throw notFound(`no customer ${id}`);
    return c.json<CustomerResponse>({ customer });
  });

  return app;
}
