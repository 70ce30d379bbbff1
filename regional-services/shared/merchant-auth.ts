import type { RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { actorPermissions, decodeActor, describeActor, type Actor } from "../../contracts/admin/actor.ts";
import { permissionOf } from "../../contracts/security.ts";
import type { Permission } from "../../domain/staff-roles.ts";
import { AppError, forbidden, unauthorized } from "../../platform/errors.ts";
import type { ServiceVariables } from "./server.ts";
import { ACTOR_HEADER, IDEMPOTENCY_KEY_HEADER, SIGNATURE_HEADER, sha256Hex, TIMESTAMP_HEADER, timingSafeEqualHex, verifySignature } from "../../platform/signing.ts";

/**
 * The one gate of every merchant route. A request passes with either
 * - an edge signature (EDGE_SIGNING_SECRET) over the request *and* its `x-edgeshop-actor`: the
 *   staff member or API token the edge verified at `/admin/api/...`, whose role or scopes must
 *   grant the route's permission; or
 * - `Authorization: Bearer <MERCHANT_TOKEN>`, the shared token of before staff accounts, which
 *   counts as the owner. It stays only for the specs, benches and scripts that call a service
 *   directly; set no MERCHANT_TOKEN-based integration up anew (API tokens replace it).
 * Nothing at all is a 401, a bad signature or actor a 401, a permission the actor lacks a 403.
 */
export interface MerchantAuth {
  /** Secrets whose signatures may carry an actor: the edge's only (siblings never speak for staff). */
  edgeSecrets: readonly string[];
  /** The legacy shared token; undefined refuses it. */
  legacyToken?: string | undefined;
}

const LEGACY_OWNER: Actor = { kind: "staff", id: "merchant-token", email: "MERCHANT_TOKEN", role: "owner" };

async function fromBearer(header: string, legacyToken: string | undefined): Promise<Actor> {
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match?.[1]) throw unauthorized("the Authorization header must be 'Bearer <token>'");
  // Compared as hashes in constant time, so timing tells nothing about the token.
  if (!legacyToken || !timingSafeEqualHex(await sha256Hex(match[1]), await sha256Hex(legacyToken))) throw forbidden("the merchant token is not valid");
  return LEGACY_OWNER;
}

export function requireMerchant(auth: MerchantAuth, permission: Permission): MiddlewareHandler<{ Variables: ServiceVariables }> {
  return async (c, next) => {
    const authorization = c.req.header("authorization");
    const signature = c.req.header(SIGNATURE_HEADER);
    let actor: Actor;
    if (signature) {
      const url = new URL(c.req.url);
      const body = c.req.method === "GET" || c.req.method === "HEAD" ? "" : await c.req.text();
      const received = { signature, timestamp: c.req.header(TIMESTAMP_HEADER), idempotencyKey: c.req.header(IDEMPOTENCY_KEY_HEADER), actor: c.req.header(ACTOR_HEADER) };
      const checks = await Promise.all(auth.edgeSecrets.map((secret) => verifySignature(secret, c.req.method, url.pathname + url.search, body, received)));
      const failed = checks.find((check) => !check.ok);
      if (!checks.some((check) => check.ok)) throw new AppError("BAD_SIGNATURE", failed && !failed.ok ? failed.reason : "request is not signed");
      const decoded = received.actor ? decodeActor(received.actor) : undefined;
      if (!decoded) throw unauthorized("a merchant route needs the staff member or API token the edge verified (x-edgeshop-actor)");
      actor = decoded;
    } else if (authorization) {
      actor = await fromBearer(authorization, auth.legacyToken);
    } else {
      throw unauthorized("sign in at /admin, or send an API token (Authorization: Bearer <token>) to /admin/api/...");
    }
    if (!actorPermissions(actor).includes(permission)) throw forbidden(`${describeActor(actor)} lacks the permission ${permission}`);
    c.set("actor", actor);
    await next();
  };
}

/** The actor `requireMerchant` let through: only ever called on a gated route. */
export function actorOf(c: { get(key: "actor"): Actor | undefined }): Actor {
  const actor = c.get("actor");
  if (!actor) throw unauthorized("this route needs a staff member or API token");
  return actor;
}

/**
 * `route` with its gate attached, for `app.openapi(gated(auth, route), handler)`: the permission
 * is the one the declaration names (contracts/security.ts `merchant(...)`), and the gate runs
 * before the route's validators, so a caller without it learns nothing from a 400.
 */
export function gated<R extends RouteConfig>(auth: MerchantAuth, route: R): R {
  const permission = permissionOf(route);
  if (!permission) throw new Error(`${route.method.toUpperCase()} ${route.path} declares no merchant permission`);
  return { ...route, middleware: [requireMerchant(auth, permission)] };
}
