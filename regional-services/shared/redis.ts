import { Redis } from "@upstash/redis";
import type { RawEnv } from "./env.ts";

export type { Redis } from "@upstash/redis";

/**
 * The Redis client every regional service uses: @upstash/redis over its REST protocol, pointed at
 * Upstash in production and at the local bridge (regional-services/upstash-bridge) elsewhere.
 * Concurrent calls are batched into one `/pipeline` request (auto-pipelining), which is what
 * keeps a REST round trip per command affordable.
 */
export function createRedis(raw: Pick<Readonly<RawEnv>, "UPSTASH_REDIS_REST_URL" | "UPSTASH_REDIS_REST_TOKEN">): Redis {
  return new Redis({
    url: raw.UPSTASH_REDIS_REST_URL,
    token: raw.UPSTASH_REDIS_REST_TOKEN,
    enableTelemetry: false,
    enableAutoPipelining: true,
    // Callers handle Redis being down (rate limits fail open, idempotency falls back to Postgres);
    // a short retry beats the client's default of five growing back-offs.
    retry: { retries: 2, backoff: (attempt) => 50 * 2 ** attempt },
  });
}
