import { hostname } from "node:os";
import { lookup } from "node:dns/promises";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Actor } from "../../../contracts/admin/actor.ts";
import type { WebhookDelivery, WebhookEndpoint } from "../../../contracts/admin/webhooks-api.ts";
import { classifyAddress } from "../../../domain/webhooks/address.ts";
import { auditLog, webhookEndpoints } from "../schema.ts";
import { postWebhook } from "../webhooks/send.ts";
import { loadEnv, webhooksAllowPrivate } from "../../shared/env.ts";
import { availableDrivers } from "./databases.ts";
import { callAs, json, type ErrorJson } from "./harness.ts";
import { STOCK_LOW } from "../../../contracts/orders/events.ts";
import { FAST_BACKOFF, ORDER_PAID, orderPaid, OWNER, webhookWorld } from "./webhook-fixtures.ts";

/**
 * Registering webhook endpoints: what a URL and its event types must be, that private and loopback
 * destinations are refused where they are not allowed (registration and delivery alike), who may
 * do what, and the delivery log's pages.
 */
const drivers = await availableDrivers();
const ENDPOINTS = "/merchant/webhooks/endpoints";

async function expectRefused(res: Response, field: string, message: RegExp): Promise<void> {
  expect(res.status).toBe(400);
  const body = await json<ErrorJson & { error: { details: { issues: { path: string }[] } } }>(res);
  expect(body.error.code).toBe("VALIDATION_FAILED");
  expect(body.error.message).toMatch(message);
  expect(body.error.details.issues.map((i) => i.path.split(".")[0])).toContain(field);
}

describe.each(drivers)("webhook endpoints (%s)", (driver) => {
  const world = webhookWorld(driver);

  it("registers an endpoint and shows its secret in that answer only", async () => {
    const res = await callAs(world.app, OWNER, "POST", ENDPOINTS, { url: " https://hooks.example.com/in ", events: ["order.paid", "order.created", "order.paid"], description: "ERP" });
    expect(res.status).toBe(201);
    const { endpoint, secret } = await json<{ endpoint: WebhookEndpoint; secret: string }>(res);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(endpoint).toMatchObject({ url: "https://hooks.example.com/in", events: ["order.created", "order.paid"], description: "ERP", enabled: true });
    const listed = await json<{ endpoints: WebhookEndpoint[] }>(await callAs(world.app, OWNER, "GET", ENDPOINTS));
    expect(listed.endpoints.map((e) => e.id)).toContain(endpoint.id);
    const one = await callAs(world.app, OWNER, "GET", `${ENDPOINTS}/${endpoint.id}`);
    expect(await one.text()).not.toContain(secret);
    const audit = await world.t.db.select().from(auditLog).where(eq(auditLog.target, `webhook:${endpoint.id}`));
    expect(audit.map((a) => a.action)).toEqual(["webhook.create"]);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it("refuses a URL that is not http(s), an unknown event type and an empty change with a 400 naming the field, storing nothing", async () => {
    const before = (await world.t.db.select().from(webhookEndpoints)).length;
    await expectRefused(await callAs(world.app, OWNER, "POST", ENDPOINTS, { url: "ftp://example.com/x", events: ["order.paid"] }), "url", /http:\/\/ or https:\/\//);
    await expectRefused(await callAs(world.app, OWNER, "POST", ENDPOINTS, { url: "javascript:alert(1)", events: ["order.paid"] }), "url", /http/);
    await expectRefused(await callAs(world.app, OWNER, "POST", ENDPOINTS, { url: "not a url", events: ["order.paid"] }), "url", /absolute URL/);
    await expectRefused(await callAs(world.app, OWNER, "POST", ENDPOINTS, { url: "https://u:p@example.com/", events: ["order.paid"] }), "url", /user name or password/);
    await expectRefused(await callAs(world.app, OWNER, "POST", ENDPOINTS, { url: "https://example.com/", events: ["order.exploded"] }), "events", /events may only name/);
    await expectRefused(await callAs(world.app, OWNER, "POST", ENDPOINTS, { url: "https://example.com/", events: [] }), "events", /at least one/);
    expect((await world.t.db.select().from(webhookEndpoints)).length).toBe(before);

    const { endpoint } = await world.createEndpoint("https://hooks.example.com/patch", ["order.paid"]);
    expect((await callAs(world.app, OWNER, "PATCH", `${ENDPOINTS}/${endpoint.id}`, {})).status).toBe(400);
    await expectRefused(await callAs(world.app, OWNER, "PATCH", `${ENDPOINTS}/${endpoint.id}`, { enabled: "yes" }), "enabled", /true or false/);
    await expectRefused(await callAs(world.app, OWNER, "PATCH", `${ENDPOINTS}/${endpoint.id}`, { events: [] }), "events", /at least one/);
    expect((await callAs(world.app, OWNER, "PATCH", `${ENDPOINTS}/${endpoint.id}`, { secret: "whsec_mine" })).status).toBe(400);
    const unchanged = await json<{ endpoint: WebhookEndpoint }>(await callAs(world.app, OWNER, "GET", `${ENDPOINTS}/${endpoint.id}`));
    expect(unchanged.endpoint).toEqual(endpoint);
    await expectRefused(await callAs(world.app, OWNER, "PATCH", `${ENDPOINTS}/${endpoint.id}`, { url: "file:///etc/passwd" }), "url", /http/);
    expect((await callAs(world.app, OWNER, "PATCH", `${ENDPOINTS}/nope`, { enabled: false })).status).toBe(404);
  });

  it("is the owner's alone: other roles get 403, nobody gets 401", async () => {
    const marketer: Actor = { kind: "staff", id: "m1", email: "m@example.com", role: "marketing" };
    expect((await callAs(world.app, marketer, "GET", ENDPOINTS)).status).toBe(403);
    expect((await callAs(world.app, marketer, "POST", ENDPOINTS, { url: "https://example.com/", events: ["order.paid"] })).status).toBe(403);
    expect((await callAs(world.app, null, "GET", "/merchant/webhooks/deliveries")).status).toBe(401);
  });

  it("lists deliveries newest first, by endpoint and status, a page at a time", async () => {
    // An event no other endpoint of this file subscribes to, so only this receiver is called.
    const { endpoint } = await world.createEndpoint(world.receiver.url("/pages"), [STOCK_LOW]);
    world.receiver.answer("/pages", 500);
    for (let i = 0; i < 5; i++) await world.publish(STOCK_LOW, { variantId: `var_${i}`, available: 2, threshold: 5 });
    await world.consumer().pollOnce();
    await world.dispatcher({ batchSize: 1, backoff: { ...FAST_BACKOFF, baseMs: 60_000, maxMs: 60_000 } }).runOnce();
    const page = (query: string) => callAs(world.app, OWNER, "GET", `/merchant/webhooks/deliveries?endpoint=${endpoint.id}&${query}`).then((r) => json<{ deliveries: WebhookDelivery[]; nextBefore: number | null }>(r));

    const first = await page("limit=2");
    expect(first.deliveries).toHaveLength(2);
    const second = await page(`limit=2&before=${first.nextBefore}`);
    const third = await page(`limit=2&before=${second.nextBefore}`);
    const seqs = [...first.deliveries, ...second.deliveries, ...third.deliveries].map((d) => d.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(5);
    expect(third.nextBefore).toBeNull();
    expect((await page("status=retrying")).deliveries.map((d) => d.lastResponseCode)).toEqual([500]);
    expect((await page("status=succeeded")).deliveries).toHaveLength(4);
    expect((await callAs(world.app, OWNER, "GET", "/merchant/webhooks/deliveries?status=lost")).status).toBe(400);
    expect((await callAs(world.app, OWNER, "GET", "/merchant/webhooks/deliveries/wd_unknown")).status).toBe(404);
  });
});

describe("WEBHOOKS_ALLOW_PRIVATE", () => {
  it("lets webhooks reach private addresses only when asked for, and never in production", () => {
    const allowed = (env: Record<string, string>) => webhooksAllowPrivate({ WEBHOOKS_ALLOW_PRIVATE: "false", NODE_ENV: "development", ...env } as const);
    expect(allowed({})).toBe(false);
    expect(allowed({ WEBHOOKS_ALLOW_PRIVATE: "true" })).toBe(true);
    expect(allowed({ WEBHOOKS_ALLOW_PRIVATE: "true", NODE_ENV: "production" })).toBe(false);
    expect(() => loadEnv({ LOG_LEVEL: "warn", WEBHOOKS_ALLOW_PRIVATE: "yes" })).toThrow(/WEBHOOKS_ALLOW_PRIVATE must be true or false/);
    expect(loadEnv({ LOG_LEVEL: "warn" }).WEBHOOKS_ALLOW_PRIVATE).toBe("false");
  });
});

describe.each(drivers)("webhook destinations where private addresses are refused (%s)", (driver) => {
  const world = webhookWorld(driver, { allowPrivate: false });

  it.each(["http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.0.0.8/", "http://172.20.1.1/", "http://192.168.0.10/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[fd00::1]/", "http://[::ffff:127.0.0.1]/", "http://2130706433/", "http://0177.0.0.1/", "http://0.0.0.0/"])(
    "refuses %s with a 400 naming url",
    async (url) => {
      await expectRefused(await callAs(world.app, OWNER, "POST", ENDPOINTS, { url, events: ["order.paid"] }), "url", /address|this machine/);
    },
  );

  it("refuses a name that resolves to a private address, and changing a URL to one", async () => {
    const host = hostname();
    const addresses = await lookup(host, { all: true });
    expect(addresses.some((a) => classifyAddress(a.address) !== "public")).toBe(true);
    await expectRefused(await callAs(world.app, OWNER, "POST", ENDPOINTS, { url: `http://${host}/hook`, events: ["order.paid"] }), "url", new RegExp(`${host} \\(`));
    await expectRefused(await callAs(world.app, OWNER, "POST", ENDPOINTS, { url: "https://no-such-host.invalid/hook", events: ["order.paid"] }), "url", /does not resolve/);
    const [row] = await world.t.db.insert(webhookEndpoints).values({ id: "we_public", url: "https://hooks.example.com/", events: ["order.paid"], secret: "whsec_x" }).returning();
    await expectRefused(await callAs(world.app, OWNER, "PATCH", `${ENDPOINTS}/${row?.id}`, { url: "http://127.0.0.1/" }), "url", /loopback/);
  });

  it("fails a delivery whose destination is (or now resolves to) a private address, without sending or retrying", async () => {
    // Stored as a rebinding attack would leave it: the address was public when registered.
    const targets = [world.receiver.url("/rebound"), `http://${hostname()}:${world.receiver.port}/rebound`];
    for (const [i, url] of targets.entries()) await world.t.db.insert(webhookEndpoints).values({ id: `we_rebound_${i}`, url, events: ["order.paid"], secret: "whsec_rebound" });
    await world.publish(ORDER_PAID, orderPaid("ord_rebound"));
    await world.consumer().pollOnce();
    await world.dispatcher().runOnce();
    for (const i of [0, 1]) {
      const [delivery] = await world.deliveries(`we_rebound_${i}`);
      expect(delivery).toMatchObject({ status: "failed", attempts: 1, lastResponseCode: null, nextAttemptAt: null });
      expect(delivery?.lastError).toMatch(/loopback address; webhooks go only to public addresses/);
    }
    expect(world.receiver.received.filter((r) => r.path === "/rebound")).toHaveLength(0);
  });

  it("checks every delivery's own connection: one made earlier to the same host is not reused", async () => {
    const url = `http://${hostname()}:${world.receiver.port}/reuse`;
    expect(await postWebhook(url, "{}", {}, { allowPrivate: true }, 2_000)).toMatchObject({ kind: "answered", status: 200 });
    expect(await postWebhook(url, "{}", {}, { allowPrivate: false }, 2_000)).toMatchObject({ kind: "refused" });
    expect(world.receiver.received.filter((r) => r.path === "/reuse")).toHaveLength(1);
  });
});
