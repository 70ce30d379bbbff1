import type { Context } from "hono";
import { AppError } from "../../platform/errors.ts";
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

