import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AppError } from "../../../domain/errors.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * The largest request body the edge reads. The storefront takes forms and small JSON documents
 * (a cart line, an address, a sign-in) and no uploads; the biggest real body is a few KB.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Refuses a body over MAX_BODY_BYTES with 413 before any route reads it: by Content-Length when
 * the client sends one, else by counting a streamed body and stopping at the limit. Installed
 * for every path, so even a request that will be a 404 is never read in full.
 */
export const limitBody = (): MiddlewareHandler<EdgeEnv> =>
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError("PAYLOAD_TOO_LARGE", 413, `request body must be at most ${MAX_BODY_BYTES / 1024} KB`);
    },
  });
