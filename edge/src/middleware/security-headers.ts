import type { MiddlewareHandler } from "hono";
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

// Built on the first request (the stylesheet's hash needs WebCrypto, which is async), then kept.
let built: { production: MiddlewareHandler; other: MiddlewareHandler } | undefined;

export const securityHeaders = (): MiddlewareHandler<EdgeEnv> => async (c, next) => {
  if (!built) {
    const source = await styleHashSource(STYLES);
    built = { production: headersFor(source, true), other: headersFor(source, false) };
  }
  // A route may answer with a policy of its own (the API reference page runs its own scripts);
  // secureHeaders would overwrite it on the way out, so it is put back.
  let own: string | null = null;
  await (c.env.ENVIRONMENT === "production" ? built.production : built.other)(c, async () => {
    await next();
    own = c.res.headers.get("content-security-policy");
  });
  if (own !== null) c.res.headers.set("content-security-policy", own);
};
