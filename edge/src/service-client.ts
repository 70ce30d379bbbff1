import type { RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import { callRoute, type RouteInput, type RouteSuccess } from "../../platform/route-client.ts";
import { callService } from "./origin.ts";
import type { RegionalService } from "./regions.ts";
import type { EdgeEnv } from "./types.ts";

/**
 * Calls a regional service's route as declared in contracts/<service>/routes.ts, signed with the
 * edge's secret and carrying this request's id (`callService`). The path, params, query, body and
 * success answer are typed by the declaration; a sibling's 4xx error is relayed unchanged, a 5xx
 * or no answer is 503 SERVICE_UNAVAILABLE.
 */
export function callServiceRoute<R extends RouteConfig>(
  c: Context<EdgeEnv>,
  service: RegionalService,
  route: R,
  input: RouteInput<R>,
): Promise<{ status: number; body: RouteSuccess<R> }> {
  return callRoute(service, route, input, (method, pathWithQuery, options) => callService(c, service, pathWithQuery, { method, ...options }));
}
