import { AppError, notFound } from "../../platform/errors.ts";
import { serveOpenApiDocument } from "../../platform/openapi.ts";
import { completeSignUpRoute, customerRoute, messagesRoute, signInRoute, signUpRoute } from "../../contracts/customers/routes.ts";
import { customerTagsRoute, setCustomerTagsRoute } from "../../contracts/customers/tags.ts";
import { EDGE_OR_SERVICE_SIGNED } from "../../contracts/security.ts";
import { feedRoute } from "../shared/feed-route.ts";
import { gated, type MerchantAuth } from "../shared/merchant-auth.ts";
import { createServiceApp, requireSignature, type ServiceApp } from "../shared/server.ts";
import { findCustomer, signIn } from "./accounts.ts";
import type { CustomersDb } from "./db.ts";
import { listMessages } from "./outbox-messages.ts";
import type { SignInLimiter } from "./sign-in-limit.ts";
import type { SignUpLimiter } from "./sign-up-limit.ts";
import { completeSignUp, requestSignUp } from "./signup-requests.ts";
import { readCustomerTags, setCustomerTags, tagsOf } from "./tags.ts";
import { mountStaffRoutes } from "./staff-routes.ts";
import { mountWebhookRoutes } from "./webhooks/routes.ts";

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
  /** The edge's secret alone: only the edge signs in staff, checks API tokens and speaks for an actor. */
  edgeSecrets: readonly string[];
  /** The legacy shared MERCHANT_TOKEN, counted as the owner (shared/merchant-auth.ts); specs call the tags routes with it. */
  merchantToken?: string | undefined;
  /** Whether webhook URLs may point at loopback and private addresses (dev and tests only); refused when absent. */
  webhooksAllowPrivate?: boolean | undefined;
}

export const rateLimited = (what: string, retryAfterSeconds: number) =>
  new AppError("RATE_LIMITED", `too many ${what}, try again in ${retryAfterSeconds} s`, { retryAfterSeconds });

/**
 * The customers service: shoppers' accounts, sign-up and sign-in (contracts/customers/routes.ts),
 * customer tags (contracts/customers/tags.ts), and the merchant's staff, API tokens and audit log
 * (contracts/admin/staff-routes.ts) and webhook endpoints and deliveries (contracts/admin/webhook-routes.ts),
 * served as `GET /openapi.json`. Every route is signed; staff and
 * tag routes take a staff member or API token under the edge's signature. `GET /internal/events` is its feed.
 */
export function createCustomersApp(deps: CustomersDeps): ServiceApp {
  const app = createServiceApp("customers");
  app.use("/customers/*", requireSignature(deps.signingSecrets));

  // The same 202 for a new and a taken email; the difference goes to the address's inbox.
  app.openapi(signUpRoute, async (c) => {
    const input = c.req.valid("json");
    const attempt = await deps.signUpLimiter.attempt(input.clientKey);
    if (!attempt.ok) {
      c.header("Retry-After", String(attempt.retryAfterSeconds));
      throw rateLimited("sign-up attempts", attempt.retryAfterSeconds);
    }
    return c.json(await requestSignUp(deps.db, input, { logLinks: deps.devMailbox }), 202);
  });

  app.openapi(completeSignUpRoute, async (c) => c.json({ customer: await completeSignUp(deps.db, c.req.valid("json").token) }, 201));

  app.openapi(signInRoute, async (c) => {
    const input = c.req.valid("json");
    const attempt = await deps.limiter.attempt(input.email, input.clientKey);
    if (!attempt.ok) {
      c.header("Retry-After", String(attempt.retryAfterSeconds));
      throw rateLimited("sign-in attempts", attempt.retryAfterSeconds);
    }
    const customer = await signIn(deps.db, input);
    // The edge tells the shopper's cart, so its promotion preview knows the customer's tags.
    return c.json({ customer, tags: (await tagsOf(deps.db, customer.id)) ?? [] }, 200);
  });

  app.openapi(customerRoute, async (c) => {
    const { id } = c.req.valid("param");
    const customer = await findCustomer(deps.db, id);
    if (!customer) throw notFound(`no customer ${id}`);
    return c.json({ customer }, 200);
  });

  const merchant: MerchantAuth = { edgeSecrets: deps.edgeSecrets, legacyToken: deps.merchantToken };
  app.openapi(gated(merchant, customerTagsRoute), async (c) => c.json(await readCustomerTags(deps.db, c.req.valid("param").id), 200));
  app.openapi(gated(merchant, setCustomerTagsRoute), async (c) => c.json(await setCustomerTags(deps.db, c.req.valid("param").id, c.req.valid("json").tags), 200));

  // The customers feed: tag changes, followed by the orders service.
  feedRoute(app, deps.db, requireSignature(deps.signingSecrets), EDGE_OR_SERVICE_SIGNED);

  mountStaffRoutes(app, deps);
  // Owners' webhook settings: like staff, never reachable with the legacy MERCHANT_TOKEN.
  mountWebhookRoutes(app, deps.db, { edgeSecrets: deps.edgeSecrets }, { allowPrivate: deps.webhooksAllowPrivate ?? false });

  if (deps.devMailbox) {
    app.use("/internal/messages", requireSignature(deps.signingSecrets));
    app.openapi(messagesRoute, async (c) => c.json({ messages: await listMessages(deps.db, c.req.valid("query").to) }, 200));
  }

  serveOpenApiDocument(app, "/openapi.json", { title: "edgeshop customers service", version: "1" }, ["edgeSignature", "serviceSignature", "merchantToken"]);
  return app;
}
