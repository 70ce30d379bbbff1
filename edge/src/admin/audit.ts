import type { RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ADMIN_API_PREFIX, adminPath, FORWARDED_ROUTES } from "../../../contracts/admin/routes.ts";
import type { Actor } from "../../../contracts/admin/actor.ts";
import type { RecordAuditInput } from "../../../contracts/admin/api.ts";
import { recordAuditRoute } from "../../../contracts/admin/staff-routes.ts";
import type { ServiceName } from "../../../contracts/services.ts";
import { log } from "../../../platform/log.ts";
import { routePath, type RouteInput, type RouteSuccess } from "../../../platform/route-client.ts";
import { callServiceRoute } from "../service-client.ts";
import type { EdgeEnv } from "../types.ts";
import { callAsActor } from "./call.ts";
import { forward } from "./forward.ts";

/**
 * The audit log for changes made at the catalog and orders services (the customers service
 * records its own staff and token changes in their transaction). Around a forwarded write (or the
 * same change made by an admin page, `callAudited`), the edge reads the thing as it was (the GET
 * route at the same path, or its parent's for an action such as `/promotions/{id}/pause`), and
 * after a 2xx records who, what, before, after and the request id at the customers service.
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

/** Records one change at the customers service; a failure is logged with the whole entry, and the change stands. */
export async function recordChange(c: Context<EdgeEnv>, actor: Actor, entry: Omit<RecordAuditInput, "actor">): Promise<void> {
  try {
    await callServiceRoute(c, "customers", recordAuditRoute, { json: { actor, ...entry } });
  } catch (err) {
    log("error", "admin change not recorded in the audit log", { ...entry, actor, error: err instanceof Error ? err.message : String(err) });
  }
}

/** `post /promotions/{id}/pause` for a route: the admin API's path, whoever made the change. */
const actionOf = (route: RouteConfig) => `${route.method} ${adminPath(route.path).slice(ADMIN_API_PREFIX.length)}`;

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
  if (actor) await recordChange(c, actor, { action: actionOf(route), target: id ? `${path}/${id}` : path, before, after, requestId: c.get("requestId") });
  return res;
}

/**
 * A change made by an admin page (callAsActor) recorded as the same change through the admin API
 * would be: the same action, target, before (read with the GET route, as the actor) and after.
 */
export async function callAudited<R extends RouteConfig>(c: Context<EdgeEnv>, actor: Actor, service: ServiceName, route: R, input: RouteInput<R>): Promise<RouteSuccess<R>> {
  const params = (input as { params?: Record<string, unknown> }).params;
  const reader = beforeRoute(service, route);
  const readerParams = reader && params ? Object.fromEntries(Object.entries(params).filter(([name]) => reader.path.includes(`{${name}}`))) : undefined;
  const before = reader ? await callAsActor(c, actor, service, reader, { params: readerParams } as RouteInput<RouteConfig>).catch(() => null) : null;
  const after = await callAsActor(c, actor, service, route, input);
  const path = adminPath(routePath(route.path, params, undefined)).slice(ADMIN_API_PREFIX.length);
  const id = params ? undefined : createdId(after);
  await recordChange(c, actor, { action: actionOf(route), target: id ? `${path}/${id}` : path, before, after, requestId: c.get("requestId") });
  return after;
}
