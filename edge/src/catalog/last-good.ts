import { log } from "../../../platform/log.ts";
import { sha256Hex } from "../../../platform/signing.ts";
import { makeEntry, type CatalogEntry } from "./entry.ts";
import type { CatalogKey } from "./keys.ts";

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
