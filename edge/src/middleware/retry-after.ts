import type { MiddlewareHandler } from "hono";
import type { EdgeEnv } from "../types.ts";

/** Seconds a shopper (or a script) is asked to wait when a 503 names no better figure. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

function retryAfterOf(err: unknown): number {
  if (typeof err === "object" && err !== null && "retryAfterSeconds" in err && typeof err.retryAfterSeconds === "number") {
    return err.retryAfterSeconds;
  }
  return DEFAULT_RETRY_AFTER_SECONDS;
}

/**
 * Every 503 the edge sends says when to try again. A 503 means "unavailable for now" (a regional
 * service unreachable, the catalog down with nothing saved), however deep it was raised: a cart
 * add looking up a variant, a checkout, a sign-in. Installed outermost, so it sees them all.
 */
export const retryAfterOn503 = (): MiddlewareHandler<EdgeEnv> => async (c, next) => {
  await next();
  if (c.res.status === 503 && !c.res.headers.has("retry-after")) {
    c.res.headers.set("retry-after", String(retryAfterOf(c.error)));
  }
};
