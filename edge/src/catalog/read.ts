import type { Context } from "hono";
import { AppError, relayedError, type ErrorBody } from "../../../platform/errors.ts";
import { callService } from "../origin.ts";
import { serviceUrl } from "../regions.ts";
import type { EdgeEnv } from "../types.ts";
import { makeEntry, type CatalogEntry, type CatalogRead } from "./entry.ts";
import type { CatalogKey } from "./keys.ts";
import { loadLastGood, saveLastGood, shouldSaveLastGood } from "./last-good.ts";
import { SizedLru } from "./lru.ts";
import { matchShared, putShared } from "./shared-cache.ts";
import { catalogVersion } from "./version.ts";

/**
 * Catalog reads at the edge, layered cheapest first: this isolate's memory → the location's
 * Cache API → the regional catalog origin. Every layer is keyed by the catalog version, so a
 * merchant change is visible as soon as the isolate learns the new version (≈ 1 s). When the
 * origin cannot answer, the last-known-good copy is served and marked stale.
 */

/** Thrown when the origin is down and no copy of the answer exists anywhere. */
export class CatalogUnavailable extends AppError {
  readonly retryAfterSeconds = 5;
  constructor() {
    super("SERVICE_UNAVAILABLE", "the catalog is unavailable right now, try again shortly");
  }
}

/**
 * Thrown when the origin answered but failed (a 500): that is a fault in this one answer, not an
 * outage, so it is neither served from a stale copy nor offered to the shopper to retry.
 */
export class CatalogFailed extends AppError {
  constructor(status: number) {
    super("BAD_GATEWAY", `the catalog could not answer this request (it answered ${status})`);
  }
}

/** What the origin answers while it is overloaded, restarting or behind a failing proxy: an outage. */
const OUTAGE_STATUSES = new Set([502, 503, 504]);

// Bounded so that many distinct queries (search text, deep cursors) cannot exhaust the isolate.
const memory = new SizedLru<CatalogEntry>({ maxEntries: 2_000, maxSize: 24_000_000 }, (e) => e.body.length + 128);
const ORIGIN_TIMEOUT_MS = 5_000;

function memoryKey(origin: string, version: number, key: CatalogKey): string {
  return `${version}|${origin}|${key}`;
}

/** The answer for `key` (an origin path with its normalised query), from the cheapest layer that has it. */
export async function readCatalog(c: Context<EdgeEnv>, key: CatalogKey): Promise<CatalogRead> {
  const origin = serviceUrl(c.env, "catalog");
  const lookup = await catalogVersion(c, origin);
  if (!lookup.live) return readStale(c, origin, key, lookup.lastKnown);
  const version = lookup.version;
  const mk = memoryKey(origin, version, key);
  const inMemory = memory.get(mk);
  if (inMemory) return { entry: inMemory, source: "hit-memory" };

  const shared = await matchShared(origin, version, key);
  if (shared) {
    memory.set(mk, shared);
    return { entry: shared, source: "hit-cache" };
  }

  const coalesced = await waitForFetchOf(mk);
  if (coalesced) return { entry: coalesced, source: "hit-memory" };
  inFlight.add(mk);
  const fetched = await fetchFromOrigin(c, key, version).finally(() => inFlight.delete(mk));
  if (!fetched) return readStale(c, origin, key, version);
  memory.set(mk, fetched);
  c.executionCtx.waitUntil(putShared(origin, key, fetched));
  if (fetched.status === 200 && shouldSaveLastGood(key, fetched)) c.executionCtx.waitUntil(saveLastGood(c.env.CATALOG_KV, key, fetched));
  return { entry: fetched, source: "miss" };
}

/**
 * Memory keys some request of this isolate is fetching from the origin right now. A burst of
 * requests for one cold key (a flash sale's product at its start) waits for the first one's
 * answer by polling the memory layer (a promise settled by another request's I/O is not safe to
 * await in workerd) instead of each sending the origin the same request.
 */
const inFlight = new Set<string>();
const POLL_MS = 10;

async function waitForFetchOf(mk: string): Promise<CatalogEntry | undefined> {
  const deadline = Date.now() + ORIGIN_TIMEOUT_MS;
  while (inFlight.has(mk) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  return memory.get(mk);
}

/** The origin's answer, or undefined when it is unreachable or unavailable (then stale copies are used). */
async function fetchFromOrigin(c: Context<EdgeEnv>, key: CatalogKey, version: number): Promise<CatalogEntry | undefined> {
  let res: Response;
  try {
    res = await callService(c, "catalog", key, { timeoutMs: ORIGIN_TIMEOUT_MS });
  } catch (err) {
    if (err instanceof AppError && err.status === 503) return undefined;
    throw err;
  }
  if (res.status === 200 || res.status === 404) return makeEntry(res.status, await res.text(), version);
  if (OUTAGE_STATUSES.has(res.status)) return undefined;
  if (res.status >= 500) throw new CatalogFailed(res.status);
  // The origin's own 4xx (e.g. a cursor only it can decode) reaches the shopper unchanged.
  const body = await res.json<ErrorBody>().catch(() => undefined);
  throw body?.error ? relayedError(body) : new AppError("BAD_REQUEST", "the catalog refused the request");
}

async function readStale(c: Context<EdgeEnv>, origin: string, key: CatalogKey, lastKnown: number | undefined): Promise<CatalogRead> {
  const inMemory = lastKnown === undefined ? undefined : memory.get(memoryKey(origin, lastKnown, key));
  if (inMemory) return { entry: inMemory, source: "stale" };
  const saved = await loadLastGood(c.env.CATALOG_KV, key);
  if (saved) return { entry: saved, source: "stale" };
  throw new CatalogUnavailable();
}

/** Empties this isolate's memory layer (tests use it to reach the Cache API layer). */
export function clearCatalogMemory(): void {
  memory.clear();
}
