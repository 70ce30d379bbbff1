import type { RouteConfig } from "@hono/zod-openapi";
import { adminMeRoute, adminRoute, adminSignInRoute, adminSignOutEverywhereRoute, adminSignOutRoute, FORWARDED_ROUTES } from "../../../contracts/admin/routes.ts";
import { patchStaffRoute, staffSignInRoute } from "../../../contracts/admin/staff-routes.ts";
import { permissionOf } from "../../../contracts/security.ts";
import { AppError, unauthorized } from "../../../platform/errors.ts";
import { createOpenApiApp, serveOpenApiDocument } from "../../../platform/openapi.ts";
import { callCustomers, clientKey } from "../account/accounts.ts";
import { crossSiteReason } from "../middleware/same-origin.ts";
import { endAllSessions, STAFF_KEYS } from "../middleware/session-revocation.ts";
import type { EdgeEnv } from "../types.ts";
import { adminActor, requirePermission } from "./auth.ts";
import { forwardAudited } from "./audit.ts";
import { newAdminSession, signOutAdmin, signOutAdminEverywhere, writeAdminSession } from "./session.ts";

/**
 * The admin JSON API (`/admin/api/...`, contracts/admin/routes.ts): sign-in and the session here,
 * everything else forwarded to the service that owns it, each route behind the permission its
 * declaration names. Documented at `/admin/api/openapi.json`.
 */
export const adminRoutes = createOpenApiApp<EdgeEnv>();

adminRoutes.openapi(adminSignInRoute, async (c) => {
  // Login CSRF: a hostile page must not sign a browser into someone's back office.
  const reason = crossSiteReason(c.req.method, c.req.url, c.req.raw.headers);
  if (reason) throw new AppError("CROSS_SITE_REQUEST", reason);
  const { staff } = await callCustomers(c, staffSignInRoute, { json: { ...c.req.valid("json"), clientKey: clientKey(c) } });
  await writeAdminSession(c, newAdminSession(staff));
  return c.json({ staff }, 200);
});

// Signing out always succeeds in the browser; a revocation that cannot be written is logged.
adminRoutes.openapi(adminSignOutRoute, async (c) => {
  await signOutAdmin(c);
  return c.json({ signedOut: true as const }, 200);
});

adminRoutes.openapi({ ...adminSignOutEverywhereRoute, middleware: [adminActor()] }, async (c) => {
  const actor = c.get("actor");
  if (actor?.kind !== "staff") throw unauthorized("sign in at /admin to sign out everywhere");
  await signOutAdminEverywhere(c, actor.id);
  return c.json({ signedOut: true as const }, 200);
});

adminRoutes.openapi({ ...adminMeRoute, middleware: [adminActor()] }, (c) => {
  const actor = c.get("actor");
  if (!actor) throw unauthorized("sign in at /admin, or send an API token");
  return c.json({ actor }, 200);
});

for (const { service, route } of FORWARDED_ROUTES) {
  const permission = permissionOf(route);
  if (!permission) throw new Error(`${route.path} declares no permission`);
  const gated: RouteConfig = { ...adminRoute(route), middleware: [adminActor(), requirePermission(permission)] };
  adminRoutes.openapi(gated, async (c) => {
    const res = await forwardAudited(c, service, route);
    // A member whose role changed or who was disabled signs in again: their cookies carry the old role.
    if (route === patchStaffRoute && res.ok) await endAllSessions(c.env, c.req.param("id") ?? "", Date.now(), STAFF_KEYS);
    return res;
  });
}

serveOpenApiDocument(adminRoutes, "/admin/api/openapi.json", { title: "edgeshop admin API", version: "1" }, ["adminSession", "merchantToken"]);
