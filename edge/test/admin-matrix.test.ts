import { beforeAll, describe, expect, it } from "vitest";
import type { ApiToken } from "../../contracts/admin/api.ts";
import { adminRoute, FORWARDED_ROUTES } from "../../contracts/admin/routes.ts";
import { permissionOf } from "../../contracts/security.ts";
import { ROLES, roleAllows, type Permission, type Role } from "../../domain/staff-roles.ts";
import { AdminClient, signedInOwner, staffWithRole } from "./admin-fixtures.ts";

/**
 * The route × role matrix of the admin API: every `/admin/api/...` route, called by a member of
 * each role, by an API token with one scope, by a revoked token and by nobody. Nobody gets 401; a
 * role or token without the route's permission gets 403; one with it gets past both gates to the
 * service (a 400 for the empty body, a 404 for the made-up id, or the answer). Requests carry no
 * valid body or id, so the walk changes nothing.
 */
interface Principal {
  name: string;
  client: AdminClient;
  allows(permission: Permission): boolean | "unauthenticated";
}

const principals: Principal[] = [];

function concrete(path: string): string {
  return path.replace(/\{[^}]+\}/g, "matrix-unknown");
}

beforeAll(async () => {
  const owner = await signedInOwner();
  principals.push({ name: "owner", client: owner, allows: (p) => roleAllows("owner", p) });
  for (const role of ROLES.filter((r): r is Exclude<Role, "owner"> => r !== "owner")) {
    const { client } = await staffWithRole(owner, role);
    principals.push({ name: role, client, allows: (p) => roleAllows(role, p) });
  }
  const created = await owner.json("POST", "/admin/api/tokens", { name: "matrix reader", scopes: ["promotions:read"] });
  expect(created.status).toBe(201);
  const { secret } = await created.json<{ secret: string }>();
  principals.push({ name: "token promotions:read", client: new AdminClient(secret), allows: (p) => p === "promotions:read" });

  const revoked = await owner.json("POST", "/admin/api/tokens", { name: "matrix revoked", scopes: ["catalog:read"] });
  const gone = await revoked.json<{ token: ApiToken; secret: string }>();
  expect((await owner.json("POST", `/admin/api/tokens/${gone.token.id}/revoke`)).status).toBe(200);
  principals.push({ name: "revoked token", client: new AdminClient(gone.secret), allows: () => "unauthenticated" });
  principals.push({ name: "no session", client: new AdminClient(), allows: () => "unauthenticated" });
});

describe("the admin API's route × role matrix", () => {
  it("covers every service merchant route, each with a permission", () => {
    expect(FORWARDED_ROUTES.length).toBeGreaterThanOrEqual(23);
    for (const { route } of FORWARDED_ROUTES) expect(permissionOf(route), route.path).toBeDefined();
  });

  it("answers 401 without a session, 403 without the permission, and lets the permission through", async () => {
    const wrong: string[] = [];
    let calls = 0;
    for (const { route } of FORWARDED_ROUTES) {
      const permission = permissionOf(route) as Permission;
      const path = concrete(adminRoute(route).path);
      const method = route.method.toUpperCase();
      for (const p of principals) {
        const res = await p.client.json(method, path, route.request?.body ? {} : undefined);
        calls++;
        const allowed = p.allows(permission);
        const ok = allowed === "unauthenticated" ? res.status === 401 : allowed ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === 403;
        if (!ok) wrong.push(`${p.name} ${method} ${path} (${permission}) → ${res.status} ${await res.text()}`);
        else await res.body?.cancel();
      }
    }
    expect(wrong).toEqual([]);
    expect(calls).toBe(FORWARDED_ROUTES.length * principals.length);
  });

  it("names the missing permission in the 403", async () => {
    const readOnly = principals.find((p) => p.name === "read-only");
    const res = await readOnly?.client.json("POST", "/admin/api/promotions", {});
    expect(res?.status).toBe(403);
    expect(await res?.json()).toEqual({ error: { code: "FORBIDDEN", message: expect.stringMatching(/lacks the permission promotions:write/) } });
  });
});
