import type { Context, ErrorHandler } from "hono";
import { onError } from "../../../platform/http.ts";
import type { EdgeEnv } from "../types.ts";
import { etagMatches, type CatalogRead } from "./entry.ts";
import { CatalogUnavailable } from "./read.ts";

/** Header naming the cache layer that answered: hit-memory, hit-cache, miss or stale. */
export const CACHE_HEADER = "x-edgeshop-cache";
export const VERSION_HEADER = "x-catalog-version";

/**
 * Browsers and proxies may reuse an answer for a second; the edge itself revalidates every
 * second through the catalog version, so a merchant change reaches shoppers within ~2 s.
 */
export const FRESH_CACHE_CONTROL = "public, max-age=1";
/** A stale copy is served only while the origin is down: nobody downstream should keep it. */
export const STALE_CACHE_CONTROL = "no-store";

/** Headers describing where a catalog answer came from and how it may be cached. */
export function catalogHeaders(read: CatalogRead): Record<string, string> {
  return {
    "cache-control": read.source === "stale" ? STALE_CACHE_CONTROL : FRESH_CACHE_CONTROL,
    etag: read.entry.etag,
    [CACHE_HEADER]: read.source,
    [VERSION_HEADER]: String(read.entry.version),
  };
}

/**
 * The JSON answer for a catalog read: the cached body string as is (no re-serialisation), or
 * 304 when the client already holds this exact body.
 */
export function catalogJson(c: Context<EdgeEnv>, read: CatalogRead): Response {
  const headers = catalogHeaders(read);
  if (read.entry.status === 200 && etagMatches(c.req.header("if-none-match"), read.entry.etag)) {
    return new Response(null, { status: 304, headers });
  }
  headers["content-type"] = "application/json; charset=utf-8";
  return new Response(read.entry.body, { status: read.entry.status, headers });
}

/** The shared error model, plus `Retry-After` when the catalog is down with nothing cached. */
export const catalogJsonErrors: ErrorHandler<EdgeEnv> = async (err, c) => {
  const res = await onError(err, c);
  if (err instanceof CatalogUnavailable) {
    res.headers.set("retry-after", String(err.retryAfterSeconds));
    res.headers.set("cache-control", "no-store");
  }
  return res;
};
