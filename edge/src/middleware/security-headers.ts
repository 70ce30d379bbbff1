import { Hono, type MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { STYLES } from "../ui/styles.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * Security headers on every response, pages and JSON alike. The pages use no script at all, one
 * inline stylesheet (allowed by its hash, so no other inline style runs) and images that are
 * inline SVG `data:` URIs; nothing comes from another origin, and no one may frame the shop.
 * HSTS is sent only in production, where the shop is served over HTTPS only.
 */
const HSTS = "max-age=63072000; includeSubDomains";
const CSP = "content-security-policy";

/** The CSP source for a `<style>` element whose text is exactly `css`. */
async function styleHashSource(css: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(css)));
  return `'sha256-${btoa(String.fromCharCode(...digest))}'`;
}

function headersFor(styleSource: string, production: boolean): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", "data:"],
      styleSrc: [styleSource],
    },
    xFrameOptions: "DENY",
    referrerPolicy: "strict-origin-when-cross-origin",
    xContentTypeOptions: "nosniff",
    strictTransportSecurity: production ? HSTS : false,
  });
}

/**
 * The headers Hono's secureHeaders sets with our options, read once off a bare answer of its
 * own: setting a fixed list on each response costs a fraction of running the middleware per
 * request (which looks up the response's headers again for every one), and the list stays
 * exactly what secureHeaders decides, defaults included.
 */
async function headerList(styleSource: string, production: boolean): Promise<[string, string][]> {
  const probe = new Hono().use(headersFor(styleSource, production)).get("*", (c) => c.body(null));
  return [...(await probe.request("/")).headers];
}

// Built on the first request (the stylesheet's hash needs WebCrypto, which is async), then kept.
let built: { production: [string, string][]; other: [string, string][] } | undefined;

export const securityHeaders = (): MiddlewareHandler<EdgeEnv> => async (c, next) => {
  if (!built) {
    const source = await styleHashSource(STYLES);
    built = { production: await headerList(source, true), other: await headerList(source, false) };
  }
  const list = c.env.ENVIRONMENT === "production" ? built.production : built.other;
  await next();
  const headers = c.res.headers;
  // A route may answer with a policy of its own (the API reference page runs its own scripts).
  const own = headers.has(CSP);
  for (const [name, value] of list) if (!own || name !== CSP) headers.set(name, value);
  headers.delete("x-powered-by");
};
