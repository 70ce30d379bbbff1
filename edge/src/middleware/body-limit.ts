import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { adminPath } from "../../../contracts/admin/routes.ts";
import { MAX_CATALOG_IMPORT_BYTES } from "../../../contracts/catalog/merchant-api.ts";
import { merchantImportProductsRoute } from "../../../contracts/catalog/merchant-routes.ts";
import { AppError } from "../../../platform/errors.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * The largest request body the edge reads. The storefront takes forms and small JSON documents
 * (a cart line, an address, a sign-in) and no uploads; the biggest real body is a few KB.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/** The one upload: the admin's catalog CSV, through the JSON API and the import page's form. */
export const CATALOG_IMPORT_PAGE = "/admin/catalog/import";
const UPLOADS: ReadonlyMap<string, number> = new Map([
  [adminPath(merchantImportProductsRoute.path), MAX_CATALOG_IMPORT_BYTES],
  [CATALOG_IMPORT_PAGE, MAX_CATALOG_IMPORT_BYTES],
]);

const limit = (maxSize: number): MiddlewareHandler<EdgeEnv> =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError("PAYLOAD_TOO_LARGE", `request body must be at most ${maxSize / 1024} KB`);
    },
  });

/**
 * Refuses a body over MAX_BODY_BYTES (an upload path: its own limit) with 413 before any route
 * reads it: by Content-Length when the client sends one, else by counting a streamed body and
 * stopping at the limit. Installed for every path, so even a request that will be a 404 is never
 * read in full.
 */
export const limitBody = (): MiddlewareHandler<EdgeEnv> => {
  const normal = limit(MAX_BODY_BYTES);
  const uploads = new Map([...UPLOADS].map(([path, bytes]) => [path, limit(bytes)]));
  return (c, next) => (uploads.get(c.req.path) ?? normal)(c, next);
};
