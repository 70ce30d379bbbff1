import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_SECRETS } from "../../../platform/dev-secrets.ts";
import { MAX_SIGNATURE_AGE_MS, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../../../platform/signing.ts";
import { errorCodeOf, openServiceApps, signedCall, type ServiceApps, type ServiceName } from "./service-apps.ts";

/**
 * Every route mounted on every service app (enumerated from `app.routes`, so a route added later
 * is covered without touching this file) refuses a request that is unsigned, carries a garbled
 * signature, is signed too long ago, or is signed with a secret the route does not accept: 401
 * BAD_SIGNATURE. The documented exceptions are checked for their own guard instead: /healthz and
 * a service's OpenAPI document (/openapi.json) are public, the sandbox webhook carries the provider's signature, merchant routes a bearer token.
 */
let services: ServiceApps;

beforeAll(async () => {
  services = await openServiceApps();
}, 120_000);

afterAll(async () => {
  await services.close();
});

// The OpenAPI documents are public: they describe the routes, which stay signed.
const PUBLIC = new Set(["/healthz", "/openapi.json"]);
const isMerchant = (path: string) => path.startsWith("/merchant/");
const isWebhook = (path: string) => path === "/webhooks/sandbox";

/** A concrete path for a route pattern: each `:param` gets a plausible value. */
function concrete(path: string): string {
  return path.replace(/:id\b/g, "ord_abcdefgh1234").replace(/:slug\b/g, "no-such-product").replace(/:[A-Za-z]+/g, "x1");
}

function routesOf(name: ServiceName): { method: string; path: string }[] {
  const seen = new Set<string>();
  return services.apps[name].routes
    .filter((r) => r.method !== "ALL")
    .map((r) => ({ method: r.method, path: r.path }))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}

/** The secrets a route does NOT accept, beside a made-up one: payments splits edge and service callers. */
function foreignSecrets(name: ServiceName, path: string): string[] {
  const made = ["not-the-secret", `${DEV_SECRETS.EDGE_SIGNING_SECRET}x`];
  if (name !== "payments") return made;
  return path === "/payments/tokens" ? [...made, DEV_SECRETS.SERVICE_SIGNING_SECRET] : [...made, DEV_SECRETS.EDGE_SIGNING_SECRET];
}

let refusals = 0;
afterAll(() => console.log(`signature matrix: ${refusals} refused requests checked`));

describe.each(["catalog", "customers", "orders", "payments"] as const)("the %s service", (name) => {
  it("mounts routes, every one of them guarded", () => {
    expect(routesOf(name).length).toBeGreaterThan(2);
  });

  it("refuses every signed route without a valid, fresh signature from an accepted secret (401 BAD_SIGNATURE)", async () => {
    const failures: string[] = [];
    for (const route of routesOf(name)) {
      if (PUBLIC.has(route.path) || isMerchant(route.path) || isWebhook(route.path)) continue;
      const path = concrete(route.path);
      const body = route.method === "GET" || route.method === "HEAD" ? "" : "{}";
      const base = { method: route.method, path, body };
      const attempts: [string, Promise<Response>][] = [
        ["unsigned", signedCall(services.apps[name], { ...base, secret: null })],
        ["a garbled signature", signedCall(services.apps[name], { ...base, secret: null, headers: { [SIGNATURE_HEADER]: "ab".repeat(32), [TIMESTAMP_HEADER]: String(Date.now()) } })],
        ["a non-numeric timestamp", signedCall(services.apps[name], { ...base, secret: null, headers: { [SIGNATURE_HEADER]: "ab".repeat(32), [TIMESTAMP_HEADER]: "soon" } })],
        ["a stale signature", signedCall(services.apps[name], { ...base, now: Date.now() - MAX_SIGNATURE_AGE_MS - 5_000, secret: name === "payments" && path !== "/payments/tokens" ? DEV_SECRETS.SERVICE_SIGNING_SECRET : DEV_SECRETS.EDGE_SIGNING_SECRET })],
        ...foreignSecrets(name, route.path).map((secret): [string, Promise<Response>] => [`the wrong secret (${secret.slice(0, 12)}…)`, signedCall(services.apps[name], { ...base, secret })]),
      ];
      for (const [what, pending] of attempts) {
        const res = await pending;
        const code = await errorCodeOf(res);
        refusals++;
        if (res.status !== 401 || code !== "BAD_SIGNATURE") failures.push(`${route.method} ${path} with ${what}: ${res.status} ${code}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("the documented exceptions", () => {
  it("/healthz answers anyone, and so does /openapi.json where a service serves it", async () => {
    for (const app of Object.values(services.apps)) expect((await app.request("/healthz")).status).toBe(200);
    for (const name of ["orders", "payments"] as const) expect((await services.apps[name].request("/openapi.json")).status).toBe(200);
  });

  it("/openapi.json answers anyone, on every service that serves it", async () => {
    const serving = Object.values(services.apps).filter((app) => app.routes.some((r) => r.path === "/openapi.json"));
    expect(serving.length).toBeGreaterThanOrEqual(2);
    for (const app of serving) expect((await app.request("/openapi.json")).status).toBe(200);
  });

  it("merchant routes want the bearer token: none is 401, a wrong one 403", async () => {
    const merchant = routesOf("catalog").filter((r) => isMerchant(r.path));
    expect(merchant.length).toBeGreaterThan(0);
    for (const route of merchant) {
      const path = concrete(route.path);
      const body = route.method === "GET" ? "" : '{"title":"x"}';
      const none = await signedCall(services.apps.catalog, { method: route.method, path, body });
      expect([none.status, await errorCodeOf(none)]).toEqual([401, "UNAUTHORIZED"]);
      for (const authorization of [`Bearer ${DEV_SECRETS.MERCHANT_TOKEN}x`, "Bearer ", `Basic ${DEV_SECRETS.MERCHANT_TOKEN}`, DEV_SECRETS.MERCHANT_TOKEN]) {
        const res = await signedCall(services.apps.catalog, { method: route.method, path, body, secret: null, headers: { authorization } });
        refusals++;
        expect([401, 403]).toContain(res.status);
      }
    }
  });

  it("the sandbox webhook wants the provider's signature", async () => {
    const body = JSON.stringify({ id: "evt_1", type: "payment.succeeded", data: { paymentId: "pay_1" } });
    for (const headers of [{}, { "x-sandbox-signature": "t=1,v1=00" }, { "x-sandbox-signature": "garbage" }]) {
      const res = await services.apps.payments.request("/webhooks/sandbox", { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
      refusals++;
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });
});
