import { EDGE_OR_SERVICE_SIGNED } from "../../contracts/security.ts";
import {
  adoptOrdersRoute,
  checkoutRoute,
  feedPositionsRoute,
  getOrderRoute,
  listOrdersRoute,
  orderByKeyRoute,
  paymentConfirmationRoute,
  promotionOrdersRoute,
  promotionUsageRoute,
} from "../../contracts/orders/routes.ts";
import { notFound } from "../../platform/errors.ts";
import { serveOpenApiDocument } from "../../platform/openapi.ts";
import type { Redis } from "../shared/redis.ts";
import { feedRoute } from "../shared/feed-route.ts";
import { gated, type MerchantAuth } from "../shared/merchant-auth.ts";
import { createServiceApp, requireSignature, type ServiceApp } from "../shared/server.ts";
import { checkout } from "./checkout.ts";
import { Timings } from "../../platform/server-timing.ts";
import { confirmPayment } from "./confirmation.ts";
import type { OrdersDb } from "./db.ts";
import { adoptGuestOrders, listOrders, loadCartOrderByKey, loadOwnedOrder } from "./order-store.ts";
import type { PaymentsClient, PaymentsReader } from "./payments-client.ts";
import { mountRefundRoutes } from "./refund-routes.ts";
import { DEFAULT_FULFILMENT_REFUND_LIMIT } from "../../domain/refunds.ts";
import { withShopperRefunds } from "./refund-store.ts";
import { promotionOrders, promotionUsage } from "./promotion-usage.ts";
import { consumerCursors } from "./schema.ts";
import { settleReservationRoute } from "../../contracts/flash-sales/routes.ts";
import { settleReservation } from "./flash-sale-checkout.ts";
import { mountMerchantOrderRoutes } from "./merchant-order-routes.ts";
import { withShipments } from "./shipments.ts";
import { mountStockRoutes } from "./stock-routes.ts";

export interface OrdersDeps {
  db: OrdersDb;
  /** The reader is used when one exists: a refused cancellation is then checked with payments. */
  payments: PaymentsClient & Partial<PaymentsReader>;
  /** Secrets whose signatures are accepted: the edge's and the sibling services'. */
  signingSecrets: readonly string[];
  /** Who may call the /merchant routes: the edge's secret (staff and API tokens) and the legacy MERCHANT_TOKEN. */
  merchant: MerchantAuth;
  redis?: Redis | undefined;
  redisScope?: string;
  /** How long a repeated checkout waits for the first one with its key. */
  waitMs?: number;
  /** Secrets a flash-sale reservation token may be signed with (the edge's). */
  reservationSecrets?: readonly string[];
  /** FULFILMENT_REFUND_LIMIT: the most a non-owner may refund at once (domain/refunds.ts's default when unset). */
  refundLimit?: number | undefined;
  /** The feeds this service follows, for their rejected-event counts in GET /internal/feeds. */
  consumers?: readonly { feed: string; rejected: number }[];
}

const ORDERS_DESCRIPTION =
  "Checkout, the shopper's orders, the payment confirmation step, guest orders handed over at sign-in, and the event feed (GET /internal/events). Ownership, ordering and retry rules: docs/internal-api.md.";

/**
 * The orders service (docs/internal-api.md, "Orders service"): checkout, the shopper's orders,
 * the payment confirmation step, handing guest orders over at sign-in, and the event feed.
 * Every route but GET /openapi.json and GET /healthz needs a signed request; the routes are
 * declared in contracts/orders/routes.ts.
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
  app.use("/flash-sales/*", signed);

  app.openapi(checkoutRoute, async (c) => {
    const timings = new Timings();
    const result = await checkout(deps, c.req.valid("header")["idempotency-key"], c.req.valid("json"), c.get("requestId"), timings);
    c.header("server-timing", timings.header());
    return c.json(result.body, result.status);
  });

  app.openapi(adoptOrdersRoute, async (c) => {
    const { sessionId, customerId } = c.req.valid("json");
    return c.json({ adopted: await adoptGuestOrders(deps.db, sessionId, customerId) }, 200);
  });

  app.openapi(listOrdersRoute, async (c) => c.json({ orders: await listOrders(deps.db, c.req.valid("query")) }, 200));

  // Before /orders/{id}, which would take "by-key" for an order id.
  app.openapi(orderByKeyRoute, async (c) => {
    const { idempotencyKey, cartId } = c.req.valid("query");
    const order = await loadCartOrderByKey(deps.db, idempotencyKey, cartId);
    if (!order) throw notFound(`no order for that key from cart ${cartId}`);
    return c.json({ order }, 200);
  });

  app.openapi(getOrderRoute, async (c) => {
    const { id } = c.req.valid("param");
    const order = await loadOwnedOrder(deps.db, id, c.req.valid("query"));
    if (!order) throw notFound(`no order ${id}`);
    return c.json({ order: await withShopperRefunds(deps.db, await withShipments(deps.db, order)) }, 200);
  });

  app.openapi(paymentConfirmationRoute, async (c) => {
    const { action, ...owner } = c.req.valid("json");
    return c.json({ order: await confirmPayment(deps, c.req.valid("param").id, owner, action, c.get("requestId")) }, 200);
  });

  app.openapi(settleReservationRoute, async (c) => c.json(await settleReservation(deps.db, c.req.valid("param").id), 200));

  mountStockRoutes(app, deps.db, deps.merchant);
  app.openapi(gated(deps.merchant, promotionUsageRoute), async (c) => c.json(await promotionUsage(deps.db, c.req.valid("param").id), 200));

  app.openapi(gated(deps.merchant, promotionOrdersRoute), async (c) => {
    const { cursor, limit } = c.req.valid("query");
    return c.json(await promotionOrders(deps.db, c.req.valid("param").id, cursor, limit), 200);
  });

  mountMerchantOrderRoutes(app, deps);
  mountRefundRoutes(app, deps.merchant, { db: deps.db, payments: deps.payments, limit: deps.refundLimit ?? DEFAULT_FULFILMENT_REFUND_LIMIT });

  // How far this service has read its siblings' feeds: for operators, and for a test stack to wait on.
  app.openapi(feedPositionsRoute, async (c) => {
    const rows = await deps.db.select({ feed: consumerCursors.feed, position: consumerCursors.position }).from(consumerCursors).orderBy(consumerCursors.feed);
    // `rejected`: events skipped since start because their payload broke the contract (logged each).
    const rejected = new Map((deps.consumers ?? []).map((consumer) => [consumer.feed, consumer.rejected]));
    return c.json({ feeds: rows.map((row) => ({ ...row, rejected: rejected.get(row.feed) ?? 0 })) }, 200);
  });

  feedRoute(app, deps.db, undefined, EDGE_OR_SERVICE_SIGNED);
  serveOpenApiDocument(app, "/openapi.json", { title: "edgeshop orders service", version: "1", description: ORDERS_DESCRIPTION }, ["edgeSignature", "serviceSignature", "merchantToken"]);

  return app;
}
