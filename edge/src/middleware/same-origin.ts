import type { MiddlewareHandler } from "hono";
import { AppError } from "../../../platform/errors.ts";
import type { EdgeEnv } from "../types.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Why a state-changing request is refused, or undefined when it comes from this site (or from no browser at all). */
export function crossSiteReason(method: string, url: string, headers: { get(name: string): string | null }): string | undefined {
  if (SAFE_METHODS.has(method.toUpperCase())) return undefined;
  // Sec-Fetch-Site is the browser's own verdict and survives proxies that rewrite the Host.
  const site = headers.get("sec-fetch-site");
  if (site === "same-origin" || site === "none") return undefined;
  if (site !== null) return `a ${site} request cannot change anything here`;
  // Older browsers send only Origin; curl and server-to-server callers send neither, and pass.
  const origin = headers.get("origin");
  if (origin !== null && origin !== new URL(url).origin) return "a request from another origin cannot change anything here";
  return undefined;
}

/**
 * Refuses state-changing requests that a browser says came from another site, before anything
 * else runs. Installed ahead of the session middleware: SameSite=Lax keeps the cookie off a
 * cross-site POST, so without this the session middleware would mint a guest session and its
 * Set-Cookie would replace the shopper's real one. It also stops login CSRF (a hostile page
 * signing a shopper into the attacker's account), hence same-site requests are refused as well.
 */
export const sameOriginWrites = (): MiddlewareHandler<EdgeEnv> => async (c, next) => {
  const reason = crossSiteReason(c.req.method, c.req.url, c.req.raw.headers);
  if (reason) throw new AppError("CROSS_SITE_REQUEST", reason);
  await next();
};
