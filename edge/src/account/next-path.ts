/**
 * Where to send a shopper after signing in or up: the `next` they came with, but only a path on
 * this site. Anything else (another origin, `//host`, `/\host`, a scheme) becomes "/", so the
 * forms can never be used to bounce a shopper to a look-alike site.
 */
const BASE = "https://edgeshop.invalid";

export function safeNextPath(next: unknown, fallback = "/"): string {
  if (typeof next !== "string" || next === "" || next.length > 2000) return fallback;
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  // Browsers strip tabs and newlines from URLs, which could turn "/\t/host" into "//host".
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  const url = new URL(next, BASE);
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
