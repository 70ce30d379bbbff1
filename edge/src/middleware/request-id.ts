import type { MiddlewareHandler } from "hono";
import { log } from "../../../platform/log.ts";
import { REQUEST_ID_HEADER } from "../../../platform/signing.ts";
import type { EdgeEnv } from "../types.ts";

/** Every request gets an id: returned in `x-request-id`, forwarded to regional services, logged. */
export const requestId = (): MiddlewareHandler<EdgeEnv> => async (c, next) => {
  const incoming = c.req.header(REQUEST_ID_HEADER);
  const id = incoming && /^[\w-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
  c.set("requestId", id);
  await next();
  c.res.headers.set(REQUEST_ID_HEADER, id);
  if (c.res.status >= 500) {
    log("error", "request failed", { requestId: id, method: c.req.method, path: c.req.path, status: c.res.status });
  }
};
