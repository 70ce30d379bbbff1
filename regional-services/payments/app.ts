import { bodyLimit } from "hono/body-limit";
import { errorBody } from "../../domain/errors.ts";
import { parse, parseJsonBody } from "../../platform/http.ts";
import type { ServiceEnv } from "../shared/env.ts";
import { feedRoute } from "../shared/feed-route.ts";
import type { Redis } from "../shared/redis.ts";
import { createServiceApp, requireSignature, type ServiceApp } from "../shared/server.ts";
import { cancelPayment, confirmPayment } from "./actions.ts";
import { idempotencyKeySchema, paymentIdParamSchema, paymentRequestSchema, tokenRequestSchema, type PaymentResponse, type TokenResponse } from "./contract.ts";
import { createPayment } from "./create-payment.ts";
import type { PaymentsDeps } from "./deps.ts";
import { getPayment, toView } from "./views.ts";
import { receiveWebhook } from "./webhooks.ts";

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
  const app = createServiceApp("payments");
  // Fail closed: a replayed tokenisation or payment action must not slip through a Redis outage.
  const replay = { redis: deps.redis, service: "payments", whenUnavailable: "refuse" as const, ...(deps.redisPrefix ? { prefix: deps.redisPrefix } : {}) };
  const fromEdge = requireSignature([deps.env.raw.EDGE_SIGNING_SECRET], { replay });
  const fromService = requireSignature([deps.env.raw.SERVICE_SIGNING_SECRET], { replay });
  app.use("*", bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.json(errorBody("PAYLOAD_TOO_LARGE", "request body is too large"), 413) }));

  app.post("/payments/tokens", fromEdge, async (c) => {
    const body = await parseJsonBody(c, tokenRequestSchema);
    const method = await deps.provider.tokenize({ number: body.card, expMonth: body.expMonth, expYear: body.expYear, cvc: body.cvc });
    return c.json<TokenResponse>({ token: method.token, brand: method.brand, last4: method.last4 }, 201);
  });

  app.post("/payments", fromService, async (c) => {
    const { "idempotency-key": key } = parse(idempotencyKeySchema, { "idempotency-key": c.req.header("idempotency-key") });
    const result = await createPayment(deps, key, await parseJsonBody(c, paymentRequestSchema));
    return c.json<PaymentResponse>({ payment: result.payment }, result.created ? 201 : 200);
  });

  app.get("/payments/:id", fromService, async (c) => {
    const { id } = parse(paymentIdParamSchema, c.req.param());
    return c.json<PaymentResponse>({ payment: toView(await getPayment(deps.db, id)) });
  });

  app.post("/payments/:id/confirm", fromService, async (c) => {
    const { id } = parse(paymentIdParamSchema, c.req.param());
    return c.json<PaymentResponse>({ payment: await confirmPayment(deps, id) });
  });

  app.post("/payments/:id/cancel", fromService, async (c) => {
    const { id } = parse(paymentIdParamSchema, c.req.param());
    return c.json<PaymentResponse>({ payment: await cancelPayment(deps, id) });
  });

  app.post("/webhooks/sandbox", async (c) => {
    const result = await receiveWebhook(deps, await c.req.text(), c.req.raw.headers);
    return c.json({ received: true, duplicate: result.duplicate });
  });

  feedRoute(app, deps.db, fromService);

  return app;
}
