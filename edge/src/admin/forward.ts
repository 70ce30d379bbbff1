import type { RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import { encodeActor } from "../../../contracts/admin/actor.ts";
import { servicePath } from "../../../contracts/admin/routes.ts";
import type { ServiceName } from "../../../contracts/services.ts";
import { AppError, unauthorized } from "../../../platform/errors.ts";
import { ACTOR_HEADER, IDEMPOTENCY_KEY_HEADER } from "../../../platform/signing.ts";
import { callService } from "../origin.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * Sends an `/admin/api/...` request, already authenticated, authorised and validated here, to the
 * service route it stands for (`/merchant/...`), signed with the actor inside the signature. The
 * body goes as the client sent it (the service validates it again with the same schema); the
 * service's answer comes back as it was, a 5xx or no answer as 503 SERVICE_UNAVAILABLE.
 */
export async function forward(c: Context<EdgeEnv>, service: ServiceName, route: RouteConfig, adminPathWithQuery?: string): Promise<Response> {
  const actor = c.get("actor");
  if (!actor) throw unauthorized("sign in at /admin, or send an API token");
  const url = new URL(c.req.url);
  const headers: Record<string, string> = { [ACTOR_HEADER]: encodeActor(actor) };
  const key = c.req.header(IDEMPOTENCY_KEY_HEADER);
  if (key !== undefined) headers[IDEMPOTENCY_KEY_HEADER] = key;
  const hasBody = route.request?.body !== undefined;
  // A CSV upload goes on as text; the service checks it (and says which line is wrong).
  const csv = hasBody && route.request?.body?.content["text/csv"] !== undefined;
  const res = await callService(c, service, servicePath(adminPathWithQuery ?? url.pathname + url.search), {
    method: route.method.toUpperCase(),
    headers,
    ...(csv ? { raw: { body: await c.req.text(), contentType: c.req.header("content-type") ?? "text/csv" } } : hasBody ? { json: await c.req.json<unknown>() } : {}),
  });
  if (res.status >= 500) throw new AppError("SERVICE_UNAVAILABLE", `the ${service} service failed (${res.status}), try again shortly`);
  const disposition = res.headers.get("content-disposition");
  return new Response(res.body, { status: res.status, headers: { "content-type": res.headers.get("content-type") ?? "application/json", ...(disposition ? { "content-disposition": disposition } : {}) } });
}
