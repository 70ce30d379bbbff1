import type { Context } from "hono";
import { AppError, relayedError, type ErrorBody } from "../../platform/errors.ts";
import { signedFetch, type SignedFetchOptions } from "../../platform/signed-fetch.ts";
import { serviceUrl, type RegionalService } from "./regions.ts";
import type { EdgeEnv } from "./types.ts";

/**
 * A signed request from the edge to a regional service, carrying this request's id. Network
 * failures and timeouts become a 503 the shopper can retry, never a 500.
 */
export async function callService(
  c: Context<EdgeEnv>,
  service: RegionalService,
  pathWithQuery: string,
  options: Omit<SignedFetchOptions, "requestId"> = {},
): Promise<Response> {
  try {
    return await signedFetch(c.env.EDGE_SIGNING_SECRET, serviceUrl(c.env, service), pathWithQuery, {
      ...options,
      requestId: c.get("requestId"),
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError("SERVICE_UNAVAILABLE", `the ${service} service is unavailable, try again shortly`);
  }
}

/**
 * Calls a service and returns its JSON on success; a service's own 4xx error is passed on to the
 * shopper unchanged (one error model everywhere), a 5xx becomes 503.
 */
export async function callServiceJson<T>(
  c: Context<EdgeEnv>,
  service: RegionalService,
  pathWithQuery: string,
  options: Omit<SignedFetchOptions, "requestId"> = {},
): Promise<T> {
  const res = await callService(c, service, pathWithQuery, options);
  if (res.ok) return res.json<T>();
  const body = await res.json<ErrorBody>().catch(() => undefined);
  if (res.status < 500 && body?.error) {
    throw relayedError(body);
  }
  throw new AppError("SERVICE_UNAVAILABLE", `the ${service} service failed, try again shortly`);
}
