import type { RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import { encodeActor, type Actor } from "../../../contracts/admin/actor.ts";
import type { ServiceName } from "../../../contracts/services.ts";
import { callRoute, type RouteInput, type RouteSuccess } from "../../../platform/route-client.ts";
import { ACTOR_HEADER } from "../../../platform/signing.ts";
import { callService } from "../origin.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * Calls a service's merchant route as `actor` (the admin pages' way in): typed by the route's
 * declaration, signed with the actor inside the signature, errors relayed as the one error model.
 */
export async function callAsActor<R extends RouteConfig>(c: Context<EdgeEnv>, actor: Actor, service: ServiceName, route: R, input: RouteInput<R>): Promise<RouteSuccess<R>> {
  const { body } = await callRoute(service, route, input, (method, path, options) =>
    callService(c, service, path, { method, ...options, headers: { ...options.headers, [ACTOR_HEADER]: encodeActor(actor) } }),
  );
  return body;
}
