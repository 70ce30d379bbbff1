import type { RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ADMIN_API_PREFIX, adminPath, FORWARDED_ROUTES } from "../../../contracts/admin/routes.ts";
import { recordAuditRoute } from "../../../contracts/admin/staff-routes.ts";
import type { ServiceName } from "../../../contracts/services.ts";
import type { Actor } from "../../../contracts/admin/actor.ts";
import { log } from "../../../platform/log.ts";
import { callServiceRoute } from "../service-client.ts";
import type { EdgeEnv } from "../types.ts";
import { forward } from "./forward.ts";

/**
 * The audit log for changes made at the catalog and orders services (the customers service
 * records its own staff and token changes in their transaction). Around a forwarded write, the
 * edge reads the thing as it was (the GET route at the same path, or its parent's for an action
 * such as `/promotions/{id}/pause`), and after a 2xx records who, what, before, after and the
 * request id at the customers service.
 *
 * Known gap: this is not in the change's transaction. If recording fails after the change
 * succeeded, the change stands (the merchant's answer is the change's), and the whole entry is
 * logged at error level so it can be recovered from the logs; an outbox-fed log in each service
 * closes that gap (README, Merchant admin).
 */
const readers = new Map(FORWARDED_ROUTES.filter(({ route }) => route.method === "get").map(({ service, route }) => [`${service} ${route.path}`, route]));

/** The read whose answer is the "before" of `route`'s change; none for a creation. */
function beforeRoute(service: ServiceName, route: RouteConfig): RouteConfig | undefined {
  if (route.method !== "post") return readers.get(`${service} ${route.path}`);
  const parent = route.path.replace(/\/[a-z-]+$/, "");
  return parent !== route.path && parent.endsWith("}") ? readers.get(`${service} ${parent}`) : undefined;
}

/** The id of what a creation made: the `id` of the answer's one object (`{ promotion: { id } }`). */
function createdId(after: unknown): string | undefined {
  if (typeof after !== "object" || after === null) return undefined;
  for (const value of Object.values(after)) {
    if (typeof value === "object" && value !== null && "id" in value && typeof value.id === "string") return value.id;
  }
  return undefined;
}

async function readBefore(c: Context<EdgeEnv>, service: ServiceName, route: RouteConfig): Promise<unknown> {
  const reader = beforeRoute(service, route);
  if (!reader) return null;
  const url = new URL(c.req.url);
  const path = route.method === "post" && reader.path !== route.path ? url.pathname.replace(/\/[a-z-]+$/, "") : url.pathname;
  try {
    // Through the same gate as the change: an actor who may change but not read records no "before".
    const res = await forward(c, service, reader, path + url.search);
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

/** Forwards a write and, when it succeeded, records it; reads are forwarded as they are. */
export async function forwardAudited(c: Context<EdgeEnv>, service: ServiceName, route: RouteConfig): Promise<Response> {
  if (route.method === "get" || service === "customers") return forward(c, service, route);
  const before = await readBefore(c, service, route);
  const res = await forward(c, service, route);
  if (!res.ok) return res;
  const after: unknown = await res.clone().json();
  const actor = c.get("actor");
  const path = new URL(c.req.url).pathname.slice(ADMIN_API_PREFIX.length);
  const id = route.request?.params ? undefined : createdId(after);
  const entry = {
    action: `${route.method} ${adminPath(route.path).slice(ADMIN_API_PREFIX.length)}`,
    target: id ? `${path}/${id}` : path,
    before,
    after,
    requestId: c.get("requestId"),
  };
  if (actor) await recordAudit(c, actor, entry);
  return res;
}

/** An audit entry for a change already made (see the known gap above): recorded, or logged whole at error level. */
export async function recordAudit(c: Context<EdgeEnv>, actor: Actor, entry: { action: string; target: string; before: unknown; after: unknown; requestId: string }): Promise<void> {
  try {
    await callServiceRoute(c, "customers", recordAuditRoute, { json: { actor, ...entry } });
  } catch (err) {
    log("error", "admin change not recorded in the audit log", { ...entry, actor, error: err instanceof Error ? err.message : String(err) });
  }
}
