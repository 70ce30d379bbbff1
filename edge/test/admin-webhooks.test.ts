import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyEdgeshopSignature } from "../../domain/webhooks/signature.ts";
import type { WebhookDelivery, WebhookDeliveryDetail, WebhookEndpoint } from "../../contracts/admin/webhooks-api.ts";
import type { CheckoutResponse } from "../../contracts/orders/api.ts";
import { AdminClient, signedInOwner, staffWithRole } from "./admin-fixtures.ts";
import { catalogOrigin, Shopper, type ErrorJson } from "./cart-fixtures.ts";
import { a11yProblems } from "./catalog-helpers.ts";
import { addToCart, checkout, checkoutBody, ordersCaughtUp, stockedVariants } from "./checkout-fixtures.ts";

/**
 * Webhooks through the real Worker and stack: an owner registers an endpoint at /admin/api (or
 * with the pages' forms), a checkout happens, and the customers service, following the orders
 * feed, delivers order.created and order.paid to it, signed: the receiver is a Node server beside
 * the stack (webhook-receiver.ts; nothing listens inside workerd) that tells what reached it.
 */
const form = (client: AdminClient, path: string, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  return client.fetch(path, { method: "POST", body });
};

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The merchant's receiver global-setup.ts runs (vitest.config.ts binds its URL). */
const RECEIVER = (env as unknown as { WEBHOOK_RECEIVER_URL: string }).WEBHOOK_RECEIVER_URL;

let owner: AdminClient;
beforeAll(async () => {
  owner = await signedInOwner();
  await ordersCaughtUp();
});

describe("webhooks at /admin/api/webhooks", () => {
  it("refuses a URL that is not http(s) with a 400 naming url, and is the owner's alone", async () => {
    const bad = await owner.json("POST", "/admin/api/webhooks/endpoints", { url: "ftp://example.com/in", events: ["order.paid"] });
    expect(bad.status).toBe(400);
    const { error } = await bad.json<ErrorJson>();
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toBe("url must be an http:// or https:// URL");
    const { client: fulfiller } = await staffWithRole(owner, "fulfilment");
    expect((await fulfiller.json("GET", "/admin/api/webhooks/endpoints")).status).toBe(403);
  });

  it("delivers a checkout's order.created and order.paid to a registered endpoint, signed", async () => {
    const path = `/checkout-${crypto.randomUUID()}`;
    const created = await owner.json("POST", "/admin/api/webhooks/endpoints", { url: `${RECEIVER}${path}`, events: ["order.created", "order.paid"] });
    expect(created.status).toBe(201);
    const { endpoint, secret } = await created.json<{ endpoint: WebhookEndpoint; secret: string }>();
    expect(secret).toMatch(/^whsec_/);

    const [variant] = await stockedVariants(1, 12);
    const shopper = new Shopper();
    await addToCart(shopper, variant?.id ?? "");
    const placed = await checkout(shopper, crypto.randomUUID(), checkoutBody());
    expect(placed.status).toBe(201);
    const { order } = await placed.json<CheckoutResponse>();

    const received = () => fetch(`${RECEIVER}/received?path=${encodeURIComponent(path)}`).then((r) => r.json<{ requests: { signature: string; eventId: string; body: string }[] }>());
    const { requests } = await eventually(received, (r) => r.requests.length >= 2);
    expect(requests).toHaveLength(2);
    for (const request of requests) {
      expect(await verifyEdgeshopSignature(secret, request.signature, request.body)).toMatchObject({ ok: true });
      const body = JSON.parse(request.body) as { id: string; type: string; data: { orderId: string } };
      expect(body.id).toBe(request.eventId);
      expect(body.data.orderId).toBe(order.id);
    }
    expect(requests.map((r) => (JSON.parse(r.body) as { type: string }).type).sort()).toEqual(["order.created", "order.paid"]);

    const log = await (await owner.json("GET", `/admin/api/webhooks/deliveries?endpoint=${endpoint.id}`)).json<{ deliveries: WebhookDelivery[] }>();
    expect(log.deliveries.map((d) => [d.status, d.lastResponseCode])).toEqual([
      ["succeeded", 200],
      ["succeeded", 200],
    ]);
  });

  it("logs a receiver's failure with its code and the retry to come, and the request it was sent", async () => {
    const created = await owner.json("POST", "/admin/api/webhooks/endpoints", { url: `${catalogOrigin()}/webhook-sink`, events: ["order.created"] });
    const { endpoint } = await created.json<{ endpoint: WebhookEndpoint }>();
    const test = await owner.json("POST", `/admin/api/webhooks/endpoints/${endpoint.id}/test`);
    expect(test.status).toBe(202);
    const list = () => owner.json("GET", `/admin/api/webhooks/deliveries?endpoint=${endpoint.id}`).then((r) => r.json<{ deliveries: WebhookDelivery[] }>());
    const { deliveries } = await eventually(list, (page) => page.deliveries.some((d) => d.attempts > 0));
    const [d] = deliveries;
    expect(d).toMatchObject({ type: "webhook.test", status: "retrying", attempts: 1, lastResponseCode: 404 });
    expect(d?.nextAttemptAt).not.toBeNull();
    const detail = (await (await owner.json("GET", `/admin/api/webhooks/deliveries/${d?.id}`)).json<{ delivery: WebhookDeliveryDetail }>()).delivery;
    expect(detail.request).toMatchObject({ id: d?.eventId, type: "webhook.test", data: { endpointId: endpoint.id } });
  });
});

describe("the webhook pages", () => {
  it("adds an endpoint with a form (naming a bad field), shows the secret once, and replays a delivery", async () => {
    const bad = await form(owner, "/admin/webhooks", { url: "gopher://example.com/", events: ["order.paid"] });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("url must be an http:// or https:// URL");

    const added = await form(owner, "/admin/webhooks", { url: `${catalogOrigin()}/webhook-page-sink`, events: ["order.paid", "stock.low"], description: "From the page" });
    expect(added.status).toBe(201);
    const html = await added.text();
    expect(a11yProblems(html)).toEqual([]);
    expect(html).not.toMatch(/<script/);
    const secret = /<code>(whsec_[^<]+)<\/code>/.exec(html)?.[1];
    expect(secret).toBeDefined();
    const href = /href="(\/admin\/webhooks\/we_[^"]+)"[^>]*>[^<]*webhook-page-sink/.exec(html)?.[1] ?? "";
    expect(href).not.toBe("");
    const list = await (await owner.fetch("/admin/webhooks")).text();
    expect(list).not.toContain(secret);

    const test = await form(owner, `${href}/test`, { key: "page-test-1" });
    expect(test.status).toBe(303);
    const endpointId = href.split("/").pop() ?? "";
    const deliveries = () => owner.json("GET", `/admin/api/webhooks/deliveries?endpoint=${endpointId}`).then((r) => r.json<{ deliveries: WebhookDelivery[] }>());
    const { deliveries: sent } = await eventually(deliveries, (page) => page.deliveries.some((d) => d.attempts > 0));
    const first = sent[0];
    if (!first) throw new Error("no delivery");
    const page = await (await owner.fetch(href)).text();
    expect(a11yProblems(page)).toEqual([]);
    expect(page).toContain("webhook.test");
    expect(page).toContain(`Replay ${first.eventId}`);

    const replayed = await form(owner, `/admin/webhooks/deliveries/${first.id}/replay`, { endpoint: endpointId, key: "page-replay-1" });
    expect([replayed.status, replayed.headers.get("location")?.split("?")[0]]).toEqual([303, href]);
    await form(owner, `/admin/webhooks/deliveries/${first.id}/replay`, { endpoint: endpointId, key: "page-replay-1" });
    const after = (await deliveries()).deliveries;
    expect(after.filter((d) => d.replayOf === first.id)).toHaveLength(1);

    const { client: marketer } = await staffWithRole(owner, "marketing");
    expect((await marketer.fetch("/admin/webhooks")).status).toBe(403);
    expect(await (await marketer.fetch("/admin")).text()).not.toContain('href="/admin/webhooks"');
  });
});
