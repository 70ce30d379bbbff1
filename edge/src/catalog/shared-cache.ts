import { log } from "../../../platform/log.ts";
import { makeEntry, type CatalogEntry } from "./entry.ts";
import type { CatalogKey } from "./keys.ts";

/**
 * The second layer: the location's Cache API (`caches.default`), shared by every isolate in the
 * data centre. Keys carry the catalog version, so entries never need purging: after a merchant
 * change nobody asks for the old keys and they age out after their max-age.
 */
const CACHE_HOST = "https://catalog.edgeshop.internal";
const VERSION_HEADER = "x-catalog-version";
/** Versioned answers never change; this only bounds how long dead keys occupy the cache. */
export const SHARED_CACHE_MAX_AGE_S = 300;

function cacheRequest(origin: string, version: number, key: CatalogKey): Request {
  // The origin is part of the key: two regions may be at the same version number with different data.
  return new Request(`${CACHE_HOST}/${encodeURIComponent(origin)}/v${version}${key}`);
}

export async function matchShared(origin: string, version: number, key: CatalogKey): Promise<CatalogEntry | undefined> {
  try {
    const res = await caches.default.match(cacheRequest(origin, version, key));
    if (!res) return undefined;
    const status = res.status === 404 ? 404 : 200;
    return makeEntry(status, await res.text(), version, res.headers.get("etag") ?? undefined);
  } catch (err) {
    // A cache that fails is a miss, never an error for the shopper.
    log("warn", "catalog cache read failed", { key, error: String(err) });
    return undefined;
  }
}

export async function putShared(origin: string, key: CatalogKey, entry: CatalogEntry): Promise<void> {
  const res = new Response(entry.body, {
    status: entry.status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": `public, max-age=${SHARED_CACHE_MAX_AGE_S}`,
      etag: entry.etag,
      [VERSION_HEADER]: String(entry.version),
    },
  });
  try {
    await caches.default.put(cacheRequest(origin, entry.version, key), res);
  } catch (err) {
    log("warn", "catalog cache write failed", { key, error: String(err) });
  }
}
