import { z } from "zod";
import { notFound } from "../../domain/errors.ts";
import { DEMO_PROMOTIONS, type PromotionDefinition } from "../../domain/promotions.ts";
import { parse, parseJsonBody } from "../../platform/http.ts";
import type { Redis } from "../shared/redis.ts";
import { feedRoute } from "../shared/feed-route.ts";
import { createServiceApp, requireSignature, type ServiceApp } from "../shared/server.ts";
import { checkout } from "./checkout.ts";
import { confirmPayment } from "./confirmation.ts";
import {
  adoptOrdersRequestSchema,
  checkoutRequestSchema,
  confirmationRequestSchema,
  idempotencyKeySchema,
  orderByKeyQuerySchema,
  orderIdSchema,
  ownerSchema,
  type AdoptOrdersResponse,
  type OrderListResponse,
  type OrderResponse,
} from "./contract.ts";
import type { OrdersDb } from "./db.ts";
import { adoptGuestOrders, listOrders, loadCartOrderByKey, loadOwnedOrder } from "./order-store.ts";
import type { PaymentsClient } from "./payments-client.ts";
import { consumerCursors } from "./schema.ts";

export interface OrdersDeps {
  db: OrdersDb;
  payments: PaymentsClient;
  /** Secrets whose signatures are accepted: the edge's and the sibling services'. */
  signingSecrets: readonly string[];
  redis?: Redis | undefined;
  redisScope?: string;
  promotions?: readonly PromotionDefinition[];
  /** How long a repeated checkout waits for the first one with its key. */
  waitMs?: number;
}

const keyHeader = z.object({ "idempotency-key": idempotencyKeySchema });

/**
 * The orders service (docs/internal-api.md, "Orders service"): checkout, the shopper's orders,
 * the payment confirmation step, handing guest orders over at sign-in, and the event feed.
 * Every route needs a signed request.
 */
export function createOrdersApp(deps: OrdersDeps): ServiceApp {
  const app = createServiceApp("orders");
  // A replayed signed write is refused too. While Redis is down it is let through (and logged):
  // checkout, adoption and confirmation are idempotent by key or by state, and checkout must
  // survive a Redis outage (the database's unique key is its guarantee).
  const replay = deps.redis ? { redis: deps.redis, service: "orders", whenUnavailable: "allow" as const } : undefined;
  const signed = requireSignature(deps.signingSecrets, { replay });
  app.use("/orders/*", signed);
  app.use("/orders", signed);
  app.use("/internal/*", signed);
  const promotions = deps.promotions ?? DEMO_PROMOTIONS;

  app.post("/orders/checkout", async (c) => {
    const key = parse(keyHeader, { "idempotency-key": c.req.header("idempotency-key") })["idempotency-key"];
    const request = await parseJsonBody(c, checkoutRequestSchema);
    const result = await checkout({ ...deps, promotions }, key, request, c.get("requestId"));
    return c.json(result.body, result.status);
  });

  app.post("/orders/adopt", async (c) => {
    const { sessionId, customerId } = await parseJsonBody(c, adoptOrdersRequestSchema);
    return c.json<AdoptOrdersResponse>({ adopted: await adoptGuestOrders(deps.db, sessionId, customerId) });
  });

  app.get("/orders", async (c) => {
    const owner = parse(ownerSchema, c.req.query());
    return c.json<OrderListResponse>({ orders: await listOrders(deps.db, owner) });
  });

  // Before /orders/:id, which would take "by-key" for an order id. The key is a query parameter
  // because a key such as ".." in the path would be rewritten by URL normalisation.
  app.get("/orders/by-key", async (c) => {
    const { idempotencyKey, cartId } = parse(orderByKeyQuerySchema, c.req.query());
    const order = await loadCartOrderByKey(deps.db, idempotencyKey, cartId);
    if (!order) throw notFound(`no order for that key from cart ${cartId}`);
    return c.json<OrderResponse>({ order });
  });

  app.get("/orders/:id", async (c) => {
    const { id } = parse(orderIdSchema, c.req.param());
    const order = await loadOwnedOrder(deps.db, id, parse(ownerSchema, c.req.query()));
    if (!order) throw notFound(`no order ${id}`);
    return c.json<OrderResponse>({ order });
  });

  app.post("/orders/:id/payment-confirmation", async (c) => {
    const { id } = parse(orderIdSchema, c.req.param());
    const { action, ...owner } = await parseJsonBody(c, confirmationRequestSchema);
    return c.json<OrderResponse>({ order: await confirmPayment(deps, id, owner, action, c.get("requestId")) });
  });

  // How far this service has read its siblings' feeds: for operators, and for a test stack to wait on.
  app.get("/internal/feeds", async (c) => {
    const rows = await deps.db.select({ feed: consumerCursors.feed, position: consumerCursors.position }).from(consumerCursors).orderBy(consumerCursors.feed);
    return c.json({ feeds: rows });
  });

  feedRoute(app, deps.db);

  return app;
}
