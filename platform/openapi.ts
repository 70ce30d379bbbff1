import { OpenAPIHono } from "@hono/zod-openapi";
import type { Env } from "hono";
import { errorBodySchema } from "../contracts/errors.ts";
import { validationFailed } from "./http.ts";
import { withPatternFlagsDropped } from "./openapi-patterns.ts";

/**
 * Routes declared with `createRoute` (contracts/<area>/routes.ts) are mounted on an app made
 * here, so a request that fails its params, query, headers or body schema answers the one error
 * shape: 400 VALIDATION_FAILED naming each field (never @hono/zod-openapi's own ZodError body).
 */
export function createOpenApiApp<E extends Env>(): OpenAPIHono<E> {
  return new OpenAPIHono<E>({
    defaultHook: (result) => {
      if (!result.success) throw validationFailed(result.error.issues);
    },
  });
}

/** Security schemes, by the name routes refer to in `security: [{ [name]: [] }]`. */
export const SECURITY_SCHEMES = {
  /** HMAC over method, path, body hash, timestamp and Idempotency-Key (platform/signing.ts), with EDGE_SIGNING_SECRET. */
  edgeSignature: { type: "apiKey", in: "header", name: "x-edgeshop-signature", description: "Signed by the edge with EDGE_SIGNING_SECRET: HMAC-SHA256 over method, path and query, body hash, x-edgeshop-timestamp (60 s validity) and Idempotency-Key. A signed write is single-use." },
  /** The same signature made by a sibling service with SERVICE_SIGNING_SECRET. */
  serviceSignature: { type: "apiKey", in: "header", name: "x-edgeshop-signature", description: "Signed by a sibling regional service with SERVICE_SIGNING_SECRET, same scheme as edgeSignature." },
  merchantToken: { type: "http", scheme: "bearer", description: "A staff member or API token with the scope named (domain/staff-roles.ts): at the edge, the admin session cookie or `Authorization: Bearer <API token>` on /admin/api/...; at a service, the edge's signature over x-edgeshop-actor (or the legacy MERCHANT_TOKEN)." },
  adminSession: { type: "apiKey", in: "cookie", name: "edgeshop_admin", description: "A staff member's admin session (HS256 JWT, path /admin), set by POST /admin/api/session; idle timeout 30 min." },
  sessionCookie: { type: "apiKey", in: "cookie", name: "edgeshop_session", description: "The shopper's signed session cookie (HS256 JWT), issued on the first visit." },
} as const;

export type SecuritySchemeName = keyof typeof SECURITY_SCHEMES;

/** The `responses` entry every route shares for its error answers. */
export function errorResponse(description: string) {
  return { description, content: { "application/json": { schema: errorBodySchema } } } as const;
}

/**
 * Serves the OpenAPI 3.1 document of `app` at `path`, with the security schemes it uses
 * registered. Call it after every route is declared.
 */
export function serveOpenApiDocument<E extends Env>(
  app: OpenAPIHono<E>,
  path: string,
  info: { title: string; version: string; description?: string },
  schemes: readonly SecuritySchemeName[],
): void {
  for (const name of schemes) app.openAPIRegistry.registerComponent("securitySchemes", name, SECURITY_SCHEMES[name]);
  app.get(path, (c) => c.json(withPatternFlagsDropped(app.getOpenAPI31Document({ openapi: "3.1.0", info }))));
}
