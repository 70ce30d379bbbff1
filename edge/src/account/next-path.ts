import { sameOriginPath } from "../../../platform/redirect-target.ts";

/**
 * Where to send a shopper after signing in or up: the `next` they came with, but only a path on
 * this site. Anything else (another origin, `//host`, `/\host`, a scheme, or a path that
 * normalises to `//host`) becomes "/", so the forms can never be used to bounce a shopper to a
 * look-alike site.
 */
const BASE = "https://edgeshop.invalid";

export function safeNextPath(next: unknown, fallback = "/"): string {
  if (typeof next !== "string" || !next.startsWith("/")) return fallback;
  return sameOriginPath(next, BASE) ?? fallback;
}
