import type { RouteConfig } from "@hono/zod-openapi";
import type { z } from "zod";
import { AppError, relayedError, type ErrorBody } from "./errors.ts";

/**
 * A client typed by the very `createRoute` declarations a service mounts (contracts/<service>/
 * routes.ts): the path, params, query, body and success answer all come from the route, so a
 * changed contract breaks the compile of every caller instead of failing at run time.
 */

type Schema = z.ZodType;
type InputOf<T> = T extends Schema ? z.input<T> : never;

type ParamsPart<R extends RouteConfig> = R["request"] extends { params: infer P extends Schema } ? { params: z.input<P> } : { params?: never };
type QueryPart<R extends RouteConfig> = R["request"] extends { query: infer Q extends Schema } ? { query: z.input<Q> } : { query?: never };
type BodyPart<R extends RouteConfig> = R["request"] extends { body: { content: { "application/json": { schema: infer B } } } } ? { json: InputOf<B> } : { json?: never };

/** What a call to `R` sends: exactly the parts the route declares, plus an optional Idempotency-Key. */
export type RouteInput<R extends RouteConfig> = ParamsPart<R> & QueryPart<R> & BodyPart<R> & { idempotencyKey?: string };

type JsonOf<T> = T extends { content: { "application/json": { schema: infer S extends Schema } } } ? z.output<S> : never;
type SuccessStatus = 200 | 201 | 202 | "200" | "201" | "202";

/** The body of any 2xx answer the route declares. */
export type RouteSuccess<R extends RouteConfig> = {
  [K in keyof R["responses"]]: K extends SuccessStatus ? JsonOf<R["responses"][K]> : never;
}[keyof R["responses"]];

/** Sends one request (signed, with the request id) and answers the raw response. */
export type Transport = (method: string, pathWithQuery: string, options: { json?: unknown; headers?: Record<string, string> }) => Promise<Response>;

/** `/orders/{id}` with `{ id: "o 1" }` → `/orders/o%201`, plus the query string. */
export function routePath(path: string, params: Record<string, unknown> | undefined, query: Record<string, unknown> | undefined): string {
  const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`route ${path} needs param ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(name, String(item));
  }
  const qs = search.toString();
  return qs === "" ? filled : `${filled}?${qs}`;
}

/**
 * Calls `route` through `transport`. A 2xx answer is returned with its status and body; a
 * sibling's own 4xx error is relayed unchanged (one error model everywhere); a 2xx that is not
 * JSON is `BAD_GATEWAY`; anything else is `SERVICE_UNAVAILABLE`, which the caller may retry.
 */
export async function callRoute<R extends RouteConfig>(
  service: string,
  route: R,
  input: RouteInput<R>,
  transport: Transport,
): Promise<{ status: number; body: RouteSuccess<R> }> {
  const parts = input as { params?: Record<string, unknown>; query?: Record<string, unknown>; json?: unknown; idempotencyKey?: string };
  const options: { json?: unknown; headers?: Record<string, string> } = {};
  if (parts.json !== undefined) options.json = parts.json;
  if (parts.idempotencyKey !== undefined) options.headers = { "idempotency-key": parts.idempotencyKey };
  const res = await transport(route.method.toUpperCase(), routePath(route.path, parts.params, parts.query), options);
  if (res.ok) {
    // A 2xx that is not JSON (a proxy's page, a cut body) is the sibling's fault, never the
    // caller's: left to JSON.parse it would reach the error model as the client's "invalid JSON".
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) as RouteSuccess<R> };
    } catch {
      throw new AppError("BAD_GATEWAY", `the ${service} service answered ${res.status} with a body that is not JSON`);
    }
  }
  const body = (await res.json().catch(() => undefined)) as ErrorBody | undefined;
  if (res.status < 500 && body?.error) throw relayedError(body);
  throw new AppError("SERVICE_UNAVAILABLE", `the ${service} service failed (${res.status}), try again shortly`);
}
