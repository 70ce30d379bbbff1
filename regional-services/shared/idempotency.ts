import { createHash } from "node:crypto";
import type { Redis } from "@upstash/redis";
import { z } from "zod";

/**
 * Idempotency keys for write endpoints, kept in Redis: a retried request with the same key gets
 * the first request's response instead of doing the work twice. Redis is the fast path that
 * answers retries and concurrent duplicates; a service whose writes must never repeat (orders)
 * also keeps the key under a unique constraint in its own database as the durable guarantee.
 */
export interface StoredResponse {
  status: number;
  body: unknown;
}

export type IdempotencyClaim =
  /** The caller owns the key: do the work, then complete or release it. */
  | { state: "new" }
  /** Another request with this key is still being processed. */
  | { state: "in_progress" }
  /** Already done: answer with this response. */
  | { state: "done"; response: StoredResponse }
  /** The key was used for a different request. */
  | { state: "mismatch" };

const recordSchema = z.discriminatedUnion("state", [
  // `owner` tells the live claimant's renewals apart from a retry's claim of the same request.
  z.object({ state: z.literal("in_progress"), fingerprint: z.string(), owner: z.string().optional() }),
  z.object({
    state: z.literal("done"),
    fingerprint: z.string(),
    response: z.object({ status: z.number().int(), body: z.unknown() }),
  }),
]);
type IdempotencyRecord = z.output<typeof recordSchema>;

/** The Redis key for an idempotency key within a scope (e.g. "orders:checkout"). */
export function idempotencyRedisKey(scope: string, key: string): string {
  return `idem:${scope}:${key}`;
}

/** A fingerprint of what a request asks for, to tell a true retry from a reused key. */
export function requestFingerprint(...parts: string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(`${part.length}:${part}`);
  return hash.digest("base64url");
}

/** @upstash/redis parses JSON replies by default; accept either form so any client setup works. */
function decodeRecord(value: unknown, redisKey: string): IdempotencyRecord {
  let raw = value;
  if (typeof value === "string") {
    try {
      raw = JSON.parse(value);
    } catch {
      raw = undefined;
    }
  }
  const parsed = recordSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`idempotency record at ${redisKey} is not valid`);
  return parsed.data;
}

/**
 * Claims `key` for one request. SET NX GET does claim-or-read in one atomic step, so of any
 * number of concurrent requests exactly one sees "new". A claim lasts `ttlMs`, after which a
 * crashed request's key can be claimed again; a claimant that names itself (`owner`) can keep a
 * short claim alive with renewIdempotencyClaim while it works.
 */
export async function claimIdempotencyKey(
  redis: Redis,
  scope: string,
  key: string,
  fingerprint: string,
  ttlMs: number,
  owner?: string,
): Promise<IdempotencyClaim> {
  const redisKey = idempotencyRedisKey(scope, key);
  const claim: IdempotencyRecord = owner === undefined ? { state: "in_progress", fingerprint } : { state: "in_progress", fingerprint, owner };
  const previous = await redis.set(redisKey, JSON.stringify(claim), { nx: true, get: true, px: ttlMs });
  if (previous === null) return { state: "new" };
  const record = decodeRecord(previous, redisKey);
  if (record.fingerprint !== fingerprint) return { state: "mismatch" };
  return record.state === "done" ? { state: "done", response: record.response } : { state: "in_progress" };
}

/**
 * Extends `owner`'s in-progress claim to `ttlMs` from now; false when the claim is no longer
 * theirs (it lapsed, was completed or taken over). Read and extend are two steps: the only race
 * is a claim that lapsed in between and was taken by a retry, whose lease this then lengthens
 * once; harmless, as that retry renews its own and the database's unique key decides anyway.
 */
export async function renewIdempotencyClaim(redis: Redis, scope: string, key: string, fingerprint: string, owner: string, ttlMs: number): Promise<boolean> {
  const redisKey = idempotencyRedisKey(scope, key);
  const current: unknown = await redis.get(redisKey);
  if (current === null) return false;
  const record = decodeRecord(current, redisKey);
  if (record.state !== "in_progress" || record.fingerprint !== fingerprint || record.owner !== owner) return false;
  return (await redis.pexpire(redisKey, ttlMs)) === 1;
}

/** Stores the final response, so retries within `ttlMs` get it back. */
export async function completeIdempotencyKey(
  redis: Redis,
  scope: string,
  key: string,
  fingerprint: string,
  response: StoredResponse,
  ttlMs: number,
): Promise<void> {
  const record: IdempotencyRecord = { state: "done", fingerprint, response };
  await redis.set(idempotencyRedisKey(scope, key), JSON.stringify(record), { px: ttlMs });
}

/**
 * Gives the key up after a failure, so a retry can run the request again. Only an in-progress
 * claim for this fingerprint is removed, never a completed response. Check and delete are two
 * steps: while the claim is in progress nobody else writes the key, so the only race is with a
 * claim that expired meanwhile, and the durable key in the service's database covers that.
 */
export async function releaseIdempotencyKey(redis: Redis, scope: string, key: string, fingerprint: string): Promise<boolean> {
  const redisKey = idempotencyRedisKey(scope, key);
  const current: unknown = await redis.get(redisKey);
  if (current === null) return false;
  const record = decodeRecord(current, redisKey);
  if (record.state !== "in_progress" || record.fingerprint !== fingerprint) return false;
  return (await redis.del(redisKey)) === 1;
}
