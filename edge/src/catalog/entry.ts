/**
 * One cached catalog answer. The body is kept as the exact string the origin sent, so a hit
 * answers without serialising anything; pages that need the objects parse it once per entry.
 */
export interface CatalogEntry {
  /** The origin's status: 200, or 404 (an unknown product is an answer worth caching too). */
  status: 200 | 404;
  body: string;
  etag: string;
  /** The catalog version the answer was read at. */
  version: number;
  parsed?: unknown;
}

/** Where an answer came from, as sent in `x-edgeshop-cache`. */
export type CacheSource = "hit-memory" | "hit-cache" | "miss" | "stale";

export interface CatalogRead {
  entry: CatalogEntry;
  source: CacheSource;
}

export function makeEntry(status: 200 | 404, body: string, version: number, etag = etagOf(body)): CatalogEntry {
  return { status, body, etag, version };
}

/** The entry's body as objects, parsed at most once per cached entry. */
export function entryJson<T>(entry: CatalogEntry): T {
  entry.parsed ??= JSON.parse(entry.body);
  return entry.parsed as T;
}

/**
 * A strong ETag from the body's content (FNV-1a, 32 bit, plus length): the same answer keeps the
 * same tag across catalog versions, so a browser revalidates to 304 after unrelated changes.
 */
export function etagOf(body: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < body.length; i++) {
    hash ^= body.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `"${(hash >>> 0).toString(16)}-${body.length.toString(36)}"`;
}

/** Whether an `If-None-Match` header names this ETag (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}
