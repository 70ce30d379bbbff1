import { describe, expect, it } from "vitest";
import { mountedRoutes, specProblems, undocumentedRoutes } from "../../scripts/openapi-check.ts";
import { permissionOf } from "../security.ts";
import { adminPath, FORWARDED_ROUTES } from "./routes.ts";

type Doc = Parameters<typeof specProblems>[0];

/**
 * The admin API documents itself at /admin/api/openapi.json, from the same declarations the
 * services mount: valid OpenAPI 3.1, every mounted route in it, each merchant route with the
 * permission it needs as its security scope.
 */
describe("the admin API's document", () => {
  it("is valid OpenAPI 3.1 and documents every admin route with its permission", async () => {
    // Imported by a computed name: the Node type-check (tsconfig.json) must not follow it into
    // the Worker's sources, which tsconfig.worker.json checks with the Workers types.
    const adminModule = "../../edge/src/admin/routes.ts";
    type Routes = { routes: { method: string; path: string }[]; request(path: string): Promise<Response> | Response };
    const { adminRoutes } = (await import(/* @vite-ignore */ adminModule)) as { adminRoutes: Routes };
    const res = await adminRoutes.request("/admin/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc & { paths: Record<string, Record<string, { security?: unknown }>> };
    expect(await specProblems(doc)).toEqual([]);
    expect(undocumentedRoutes(doc, mountedRoutes(adminRoutes.routes))).toEqual(["GET /admin/api/openapi.json"]);
    expect(doc.paths["/admin/api/products/{slug}"]?.patch?.security).toEqual([{ merchantToken: ["catalog:write"] }]);
    expect(doc.paths["/admin/api/audit"]?.get?.security).toEqual([{ merchantToken: ["audit:read"] }]);
    // Every forwarded route, at its admin path, with the one permission its declaration names.
    const scopes = FORWARDED_ROUTES.map(({ route }) => [`${route.method} ${adminPath(route.path)}`, doc.paths[adminPath(route.path)]?.[route.method]?.security]);
    expect(scopes).toEqual(FORWARDED_ROUTES.map(({ route }) => [`${route.method} ${adminPath(route.path)}`, [{ merchantToken: [permissionOf(route)] }]]));
    expect(Object.keys(doc.paths).filter((p) => p !== "/admin/api/session" && p !== "/admin/api/session/everywhere" && p !== "/admin/api/me").length).toBe(
      new Set(FORWARDED_ROUTES.map(({ route }) => route.path)).size,
    );
  });
});
