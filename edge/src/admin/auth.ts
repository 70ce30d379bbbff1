import type { MiddlewareHandler } from "hono";
import { actorPermissions, describeActor } from "../../../contracts/admin/actor.ts";
import { API_TOKEN_PREFIX } from "../../../contracts/admin/api.ts";
import { verifyTokenRoute } from "../../../contracts/admin/staff-routes.ts";
import type { Permission } from "../../../domain/staff-roles.ts";
import { AppError, forbidden, unauthorized } from "../../../platform/errors.ts";
import { crossSiteReason } from "../middleware/same-origin.ts";
import { callServiceRoute } from "../service-client.ts";
import type { EdgeEnv } from "../types.ts";
import { actorOfSession, readAdminSession } from "./session.ts";

/**
 * Who an `/admin/api/...` request is for: an API token (`Authorization: Bearer edgeshop_at_...`,
 * checked at the customers service on every request, so a revoked token stops at once) or the
 * admin session cookie. A cookie's writes must come from this site (the cookie is SameSite=Strict
 * already; this also covers browsers that predate it); a token is not a browser's ambient
 * credential, so scripts send it from anywhere. Neither: 401.
 */
export const adminActor = (): MiddlewareHandler<EdgeEnv> => async (c, next) => {
  const authorization = c.req.header("authorization");
  if (authorization !== undefined) {
    const secret = /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];
    if (!secret?.startsWith(API_TOKEN_PREFIX)) throw unauthorized(`the Authorization header must be 'Bearer ${API_TOKEN_PREFIX}...' (an API token)`);
    const { body } = await callServiceRoute(c, "customers", verifyTokenRoute, { json: { secret } });
    c.set("actor", body.actor);
    return next();
  }
  const session = await readAdminSession(c);
  if (!session) throw unauthorized("sign in at /admin, or send an API token (Authorization: Bearer <token>)");
  const reason = crossSiteReason(c.req.method, c.req.url, c.req.raw.headers);
  if (reason) throw new AppError("CROSS_SITE_REQUEST", reason);
  c.set("actor", actorOfSession(session));
  await next();
};

/**
 * Refuses an actor without `permission` before the route's validators run, so the answer to a
 * wrong role is 403 whatever the body. The service checks again (it trusts nothing it did not verify).
 */
export const requirePermission =
  (permission: Permission): MiddlewareHandler<EdgeEnv> =>
  async (c, next) => {
    const actor = c.get("actor");
    if (!actor) throw unauthorized("sign in at /admin, or send an API token");
    if (!actorPermissions(actor).includes(permission)) throw forbidden(`${describeActor(actor)} lacks the permission ${permission}`);
    await next();
  };
