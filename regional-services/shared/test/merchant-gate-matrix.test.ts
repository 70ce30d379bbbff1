import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeActor, type Actor } from "../../../contracts/admin/actor.ts";
import { FORWARDED_ROUTES } from "../../../contracts/admin/routes.ts";
import { permissionOf } from "../../../contracts/security.ts";
import { ROLES, roleAllows, type Permission } from "../../../domain/staff-roles.ts";
import { DEV_SECRETS } from "../../../platform/dev-secrets.ts";
import { ACTOR_HEADER, signRequest } from "../../../platform/signing.ts";
import { errorCodeOf, openServiceApps, signedCall, type ServiceApps } from "./service-apps.ts";

/**
 * The services' own gate (`requireMerchant`), without the edge in front: every merchant route of
 * every service, called as the edge would call it for each role, for a token with one scope, and
 * by callers that must not get through: no actor, a sibling service's signature (siblings never
 * speak for staff), and an actor changed after signing. The edge checks the same permissions;
 * this is the check that holds when a request reaches a service some other way.
 */
let services: ServiceApps;
beforeAll(async () => {
  services = await openServiceApps();
}, 120_000);
afterAll(async () => {
  await services.close();
});

const honoPath = (path: string) => path.replace(/\{([^}]+)\}/g, ":$1");
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, "gate-unknown");

describe("the services' merchant gate", () => {
  it("guards every /merchant route a service mounts with a declared permission, and the admin API serves each", () => {
    const declared = new Set(FORWARDED_ROUTES.map(({ service, route }) => `${service} ${route.method.toUpperCase()} ${honoPath(route.path)}`));
    for (const name of ["catalog", "orders", "customers", "payments"] as const) {
      for (const r of services.apps[name].routes) {
        if (r.method === "ALL" || !r.path.startsWith("/merchant/")) continue;
        expect(declared, `${name} ${r.method} ${r.path} is not in the admin API`).toContain(`${name} ${r.method} ${r.path}`);
      }
    }
  });

  it("lets each role and scope through exactly where its permission allows, and nobody else", async () => {
    const wrong: string[] = [];
    const staff = ROLES.map((role): [string, Actor, (p: Permission) => boolean] => [role, { kind: "staff", id: `gate-${role}`, email: `${role}@example.com`, role }, (p) => roleAllows(role, p)]);
    const token: [string, Actor, (p: Permission) => boolean] = ["token orders:read", { kind: "token", id: "gate-token", name: "gate", scopes: ["orders:read", "catalog:read"] }, (p) => p === "orders:read" || p === "catalog:read"];
    for (const { service, route } of FORWARDED_ROUTES) {
      const app = services.apps[service];
      const permission = permissionOf(route) as Permission;
      const method = route.method.toUpperCase();
      const base = { method, path: concrete(route.path), body: route.request?.body ? "{}" : "" };
      for (const [name, actor, allows] of [...staff, token]) {
        const res = await signedCall(app, { ...base, headers: { [ACTOR_HEADER]: encodeActor(actor) } });
        const ok = allows(permission) ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === 403;
        if (!ok) wrong.push(`${name} ${method} ${base.path} (${permission}) → ${res.status} ${await errorCodeOf(res)}`);
      }
      const owner = encodeActor({ kind: "staff", id: "gate-owner", email: "owner@example.com", role: "owner" });
      const refusals: [string, Promise<Response>][] = [
        ["no actor", signedCall(app, base)],
        ["a sibling's signature", signedCall(app, { ...base, secret: DEV_SECRETS.SERVICE_SIGNING_SECRET, headers: { [ACTOR_HEADER]: owner } })],
        ["no signature", signedCall(app, { ...base, secret: null, headers: { [ACTOR_HEADER]: owner } })],
      ];
      for (const [what, pending] of refusals) {
        const res = await pending;
        if (res.status !== 401) wrong.push(`${what} ${method} ${base.path} → ${res.status} ${await errorCodeOf(res)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("refuses an actor swapped after the edge signed (a read-only member's request made an owner's)", async () => {
    const readOnly = encodeActor({ kind: "staff", id: "r", email: "r@example.com", role: "read-only" });
    const owner = encodeActor({ kind: "staff", id: "o", email: "o@example.com", role: "owner" });
    const signed = await signedCall(services.apps.customers, { method: "GET", path: "/merchant/staff", headers: { [ACTOR_HEADER]: readOnly } });
    expect(signed.status).toBe(403);
    // Sign for read-only, send as owner: the signature no longer matches.
    const headers = { ...(await signRequest(DEV_SECRETS.EDGE_SIGNING_SECRET, "GET", "/merchant/staff", "", { actor: readOnly })), [ACTOR_HEADER]: owner };
    const swapped = await services.apps.customers.request("/merchant/staff", { headers });
    expect([swapped.status, await errorCodeOf(swapped)]).toEqual([401, "BAD_SIGNATURE"]);
  });
});
