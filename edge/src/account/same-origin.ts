import type { MiddlewareHandler } from "hono";
import { forbidden } from "../../../platform/errors.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * Refuses state-changing requests that a browser says came from another site. SameSite=Lax
 * already keeps the session cookie off cross-site POSTs, but sign-in *sets* a cookie, so without
 * this a hostile page could sign a shopper into the attacker's account (login CSRF).
 * Requests with neither header (curl, server-to-server) are not from a browser and pass.
 */
export const sameOriginWrites = (): MiddlewareHandler<EdgeEnv> => async (c, next) => {
  if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS") return next();
  // Sec-Fetch-Site is the browser's own verdict and survives proxies that rewrite the Host.
  const site = c.req.header("sec-fetch-site");
  if (site === "same-origin" || site === "none") return next();
  const origin = c.req.header("origin");
  if (site !== undefined || (origin !== undefined && origin !== new URL(c.req.url).origin)) {
    throw forbidden("this form must be sent from this site");
  }
  return next();
};
