import { MAX_PAYMENTS_BODY_BYTES } from "../../contracts/limits.ts";
import {
  cancelPaymentRoute,
  confirmPaymentRoute,
  createPaymentRoute,
  getPaymentRoute,
  listRefundsRoute,
  refundPaymentRoute,
  SANDBOX_WEBHOOK_SCHEME,
  sandboxWebhookRoute,
  tokenizeRoute,
} from "../../contracts/payments/routes.ts";
import { serveOpenApiDocument } from "../../platform/openapi.ts";
import type { ServiceEnv } from "../shared/env.ts";
import { feedRoute } from "../shared/feed-route.ts";
import type { Redis } from "../shared/redis.ts";
import { createServiceApp, requireSignature, type ServiceApp } from "../shared/server.ts";
import { cancelPayment, confirmPayment } from "./actions.ts";
import { createPayment } from "./create-payment.ts";
import type { PaymentsDeps } from "./deps.ts";
import { listRefunds, refundPayment } from "./refund-payment.ts";
import { getPayment, toView } from "./views.ts";
import { receiveWebhook } from "./webhooks.ts";

const PAYMENTS_DESCRIPTION =
  "Card tokens (from the edge), payments and their extra step (from sibling services), the sandbox provider's webhooks, and the event feed (GET /internal/events). Ordering and retry rules: docs/internal-api.md.";

export interface PaymentsAppDeps extends PaymentsDeps {
  env: ServiceEnv;
  /** Remembers used signatures: a replayed signed write is refused, and refused with 503 while Redis is down. */
  redis: Redis;
  /** Prefix of the replay keys in Redis, so tests sharing one Redis stay apart. */
  redisPrefix?: string;
}

/**
 * The payments service's HTTP API (docs/internal-api.md, "Payments service"). Card tokens come
 * from the edge; everything that moves money only from a sibling service; webhooks carry the
 * provider's own signature instead.
 */
export function createPaymentsApp(deps: PaymentsAppDeps): ServiceApp {
  // One body limit, the shared one set lower: payments reads only small JSON.
  const app = createServiceApp("payments", { maxBodyBytes: MAX_PAYMENTS_BODY_BYTES });
  // Fail closed: a replayed tokenisation or payment action must not slip through a Redis outage.
  const replay = { redis: deps.redis, service: "payments", whenUnavailable: "refuse" as const, ...(deps.redisPrefix ? { prefix: deps.redisPrefix } : {}) };
  const fromEdge = requireSignature([deps.env.raw.EDGE_SIGNING_SECRET], { replay });
  const fromService = requireSignature([deps.env.raw.SERVICE_SIGNING_SECRET], { replay });

  app.openapi({ ...tokenizeRoute, middleware: [fromEdge] }, async (c) => {
    const { card, expMonth, expYear, cvc } = c.req.valid("json");
    const method = await deps.provider.tokenize({ number: card, expMonth, expYear, cvc });
    return c.json({ token: method.token, brand: method.brand, last4: method.last4 }, 201);
  });

  app.openapi({ ...createPaymentRoute, middleware: [fromService] }, async (c) => {
    const result = await createPayment(deps, c.req.valid("header")["idempotency-key"], c.req.valid("json"));
    return c.json({ payment: result.payment }, result.created ? 201 : 200);
  });

  app.openapi({ ...getPaymentRoute, middleware: [fromService] }, async (c) => c.json({ payment: toView(await getPayment(deps.db, c.req.valid("param").id)) }, 200));

  app.openapi({ ...confirmPaymentRoute, middleware: [fromService] }, async (c) => c.json({ payment: await confirmPayment(deps, c.req.valid("param").id) }, 200));

  app.openapi({ ...cancelPaymentRoute, middleware: [fromService] }, async (c) => c.json({ payment: await cancelPayment(deps, c.req.valid("param").id) }, 200));

  app.openapi({ ...refundPaymentRoute, middleware: [fromService] }, async (c) => {
    const result = await refundPayment(deps, c.req.valid("param").id, c.req.valid("header")["idempotency-key"], c.req.valid("json"));
    return c.json(result.answer, result.created ? 201 : 200);
  });

  app.openapi({ ...listRefundsRoute, middleware: [fromService] }, async (c) => {
    const { refunds, capturedAmount, refundedAmount } = await listRefunds(deps.db, c.req.valid("param").id);
    return c.json({ refunds, capturedAmount, refundedAmount }, 200);
  });

  // Its body is documented but not validated: the provider's signature is over the raw bytes.
  app.openapi(sandboxWebhookRoute, async (c) => {
    const result = await receiveWebhook(deps, await c.req.text(), c.req.raw.headers);
    return c.json({ received: true as const, duplicate: result.duplicate }, 200);
  });

  feedRoute(app, deps.db, fromService);
  app.openAPIRegistry.registerComponent("securitySchemes", "sandboxWebhookSignature", SANDBOX_WEBHOOK_SCHEME);
  serveOpenApiDocument(app, "/openapi.json", { title: "edgeshop payments service", version: "1", description: PAYMENTS_DESCRIPTION }, ["edgeSignature", "serviceSignature"]);

  return app;
}
