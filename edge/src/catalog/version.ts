import type { Context } from "hono";
import { log } from "../../../platform/log.ts";
import { callService } from "../origin.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * The catalog version (the origin's newest outbox seq) is part of every cache key, so a merchant
 * change makes new keys instead of needing a purge. Each isolate trusts the version it last saw
 * for CATALOG_VERSION_TTL_MS: past half of that it refreshes in the background (a busy isolate
 * never waits for it), past all of it a request waits for a fresh one, so a change shows within
 * about one TTL even when the shop was idle.
 */
export type VersionLookup = { live: true; version: number } | { live: false; lastKnown: number | undefined };

interface VersionState {
  version: number | undefined;
  checkedAt: number;
  failedAt: number;
  refreshing: boolean;
}

/** Keyed by the catalog origin's URL: one isolate may serve requests bound to different regions. */
const states = new Map<string, VersionState>();
const VERSION_TIMEOUT_MS = 2_000;
const DEFAULT_TTL_MS = 1_000;

function ttlOf(env: Env): number {
  const ttl = Number(env.CATALOG_VERSION_TTL_MS);
  return Number.isFinite(ttl) && ttl > 0 ? ttl : DEFAULT_TTL_MS;
}

async function fetchVersion(c: Context<EdgeEnv>, state: VersionState): Promise<boolean> {
  try {
    const res = await callService(c, "catalog", "/catalog/version", { timeoutMs: VERSION_TIMEOUT_MS });
    if (!res.ok) throw new Error(`catalog version answered ${res.status}`);
    const body = await res.json<{ version?: unknown }>();
    if (typeof body.version !== "number") throw new Error("catalog version is not a number");
    state.version = body.version;
    state.checkedAt = Date.now();
    state.failedAt = 0;
    return true;
  } catch (err) {
    state.failedAt = Date.now();
    log("warn", "catalog version unavailable", { requestId: c.get("requestId"), error: String(err) });
    return false;
  }
}

/**
 * The catalog version to key caches with, or `live: false` when the origin cannot be reached
 * (then callers serve what they have, marked stale). After a failure the origin is not asked
 * again for one TTL, so an outage does not add a connection attempt to every request.
 */
export async function catalogVersion(c: Context<EdgeEnv>, origin: string): Promise<VersionLookup> {
  let state = states.get(origin);
  if (!state) {
    state = { version: undefined, checkedAt: 0, failedAt: 0, refreshing: false };
    states.set(origin, state);
  }
  const now = Date.now();
  const ttl = ttlOf(c.env);
  if (state.version !== undefined && now - state.checkedAt < ttl) {
    if (now - state.checkedAt >= ttl / 2 && !state.refreshing) refreshInBackground(c, state);
    return { live: true, version: state.version };
  }
  if (now - state.failedAt < ttl) return { live: false, lastKnown: state.version };
  // One request asks; the others that find the version expired meanwhile wait for its answer by
  // polling (a promise settled by another request's I/O is not safe to await in workerd), so a
  // burst of thousands (a flash sale's start) sends the origin one version request, not thousands.
  if (state.refreshing) return waitForVersion(state, now, ttl);
  state.refreshing = true;
  const ok = await fetchVersion(c, state).finally(() => {
    state.refreshing = false;
  });
  return ok && state.version !== undefined
    ? { live: true, version: state.version }
    : { live: false, lastKnown: state.version };
}

const POLL_MS = 10;

async function waitForVersion(state: VersionState, since: number, ttl: number): Promise<VersionLookup> {
  const deadline = since + VERSION_TIMEOUT_MS + 500;
  while (state.refreshing && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  return state.version !== undefined && Date.now() - state.checkedAt < ttl
    ? { live: true, version: state.version }
    : { live: false, lastKnown: state.version };
}

function refreshInBackground(c: Context<EdgeEnv>, state: VersionState): void {
  state.refreshing = true;
  c.executionCtx.waitUntil(
    fetchVersion(c, state).finally(() => {
      state.refreshing = false;
    }),
  );
}

/**
 * Makes the next read ask the origin for its version: for when a region has told us the catalog
 * moved (e.g. checkout refused a price), so the shopper is not shown the old one for another TTL.
 */
export function expireCatalogVersions(): void {
  for (const state of states.values()) state.checkedAt = 0;
}

/** Forgets every remembered version (tests, and nothing else, need a cold isolate). */
export function resetCatalogVersions(): void {
  states.clear();
}
