import { log } from "../../../platform/log.ts";
import { sha256Hex } from "../../../platform/signing.ts";
import { makeEntry, type CatalogEntry } from "./entry.ts";
import type { CatalogKey } from "./keys.ts";
import { SizedLru } from "./lru.ts";

/**
 * The last-known-good copy of each answer, in KV under an unversioned key: when the origin is
 * down the edge still has something true-a-moment-ago to show. Written after the response is
 * sent (waitUntil) and read only when the origin fails, so KV never slows a normal request.
 */
interface LastGoodMeta {
  etag: string;
  version: number;
  savedAt: number;
}

const PREFIX = "catalog:last-good:";
/** KV keys are at most 512 bytes; long queries (search text, cursors) are hashed. */
const MAX_PLAIN_KEY = 400;

async function kvKey(key: CatalogKey): Promise<string> {
  return key.length <= MAX_PLAIN_KEY ? PREFIX + key : `${PREFIX}sha256:${await sha256Hex(key)}`;
}

// KV takes one write per key per second across all isolates, and every catalog change makes
// every key miss at once. An isolate therefore skips a write when it saved the same body before,
// or saved that key only moments ago: a fallback copy need not be fresher than that.
const MIN_SAVE_INTERVAL_MS = 10_000;
const saved = new SizedLru<{ etag: string; at: number }>({ maxEntries: 5_000, maxSize: 5_000 }, () => 1);

/** Whether this isolate should (re)write the copy of `key` now; records the write if so. */
export function shouldSaveLastGood(key: CatalogKey, entry: CatalogEntry, now = Date.now()): boolean {
  const last = saved.get(key);
  if (last && (last.etag === entry.etag || now - last.at < MIN_SAVE_INTERVAL_MS)) return false;
  saved.set(key, { etag: entry.etag, at: now });
  return true;
}

export async function saveLastGood(kv: KVNamespace, key: CatalogKey, entry: CatalogEntry): Promise<void> {
  const metadata: LastGoodMeta = { etag: entry.etag, version: entry.version, savedAt: Date.now() };
  try {
    await kv.put(await kvKey(key), entry.body, { metadata });
  } catch (err) {
    // KV allows one write per key per second; losing one refresh of the copy is harmless.
    log("warn", "catalog last-good write failed", { key, error: String(err) });
  }
}

export async function loadLastGood(kv: KVNamespace, key: CatalogKey): Promise<CatalogEntry | undefined> {
  try {
    const { value, metadata } = await kv.getWithMetadata<LastGoodMeta>(await kvKey(key), "text");
    if (value === null || !metadata) return undefined;
    return makeEntry(200, value, metadata.version, metadata.etag);
  } catch (err) {
    log("warn", "catalog last-good read failed", { key, error: String(err) });
    return undefined;
  }
}
