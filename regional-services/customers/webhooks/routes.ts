import {
  createWebhookEndpointRoute,
  deleteWebhookEndpointRoute,
  getWebhookDeliveryRoute,
  getWebhookEndpointRoute,
  listWebhookDeliveriesRoute,
  listWebhookEndpointsRoute,
  patchWebhookEndpointRoute,
  replayWebhookDeliveryRoute,
  rotateWebhookSecretRoute,
  sendWebhookTestRoute,
} from "../../../contracts/admin/webhook-routes.ts";
import { actorOf, gated, type MerchantAuth } from "../../shared/merchant-auth.ts";
import type { ServiceApp } from "../../shared/server.ts";
import type { CustomersDb } from "../db.ts";
import { getDelivery, listDeliveries, replayDelivery, sendTestEvent } from "./deliveries.ts";
import type { DestinationPolicy } from "./destination.ts";
import { createEndpoint, deleteEndpoint, endpointRow, listEndpoints, patchEndpoint, rotateSecret, toEndpoint } from "./endpoints.ts";

/** The webhook routes (contracts/admin/webhook-routes.ts), owners' only, served by the edge at /admin/api/webhooks/... */
export function mountWebhookRoutes(app: ServiceApp, db: CustomersDb, merchant: MerchantAuth, policy: DestinationPolicy): void {
  app.openapi(gated(merchant, createWebhookEndpointRoute), async (c) => c.json(await createEndpoint(db, policy, c.req.valid("json"), actorOf(c), c.get("requestId")), 201));
  app.openapi(gated(merchant, listWebhookEndpointsRoute), async (c) => c.json({ endpoints: await listEndpoints(db) }, 200));
  app.openapi(gated(merchant, getWebhookEndpointRoute), async (c) => c.json({ endpoint: toEndpoint(await endpointRow(db, c.req.valid("param").id)) }, 200));
  app.openapi(gated(merchant, patchWebhookEndpointRoute), async (c) =>
    c.json({ endpoint: await patchEndpoint(db, policy, c.req.valid("param").id, c.req.valid("json"), actorOf(c), c.get("requestId")) }, 200),
  );
  app.openapi(gated(merchant, deleteWebhookEndpointRoute), async (c) => c.json({ endpoint: await deleteEndpoint(db, c.req.valid("param").id, actorOf(c), c.get("requestId")) }, 200));
  app.openapi(gated(merchant, rotateWebhookSecretRoute), async (c) => c.json(await rotateSecret(db, c.req.valid("param").id, actorOf(c), c.get("requestId")), 200));
  app.openapi(gated(merchant, sendWebhookTestRoute), async (c) =>
    c.json({ delivery: await sendTestEvent(db, c.req.valid("param").id, c.req.valid("header")["idempotency-key"], actorOf(c), c.get("requestId")) }, 202),
  );

  app.openapi(gated(merchant, listWebhookDeliveriesRoute), async (c) => c.json(await listDeliveries(db, c.req.valid("query")), 200));
  app.openapi(gated(merchant, getWebhookDeliveryRoute), async (c) => c.json({ delivery: await getDelivery(db, c.req.valid("param").id) }, 200));
  app.openapi(gated(merchant, replayWebhookDeliveryRoute), async (c) =>
    c.json({ delivery: await replayDelivery(db, c.req.valid("param").id, c.req.valid("header")["idempotency-key"], actorOf(c), c.get("requestId")) }, 202),
  );
}
