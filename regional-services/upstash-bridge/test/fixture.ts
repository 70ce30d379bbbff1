import { Redis } from "@upstash/redis";
import { redisAvailable, redisTestPrefix, TEST_REDIS_URL } from "../../shared/testing.ts";
import { startUpstashBridge, type RunningBridge } from "../server.ts";

/**
 * A bridge on a random port with a real @upstash/redis client pointed at it, over the real Redis
 * (127.0.0.1:6379) or the in-memory dev store. Every fixture has its own key prefix, so test
 * files running in parallel against the one Redis never see each other's keys.
 */
export const TEST_TOKEN = "bridge-test-token";

export type BackendKind = "redis" | "memory";

export interface BridgeFixture {
  bridge: RunningBridge;
  redis: Redis;
  /** Prefix every key with this. */
  prefix: string;
  close(): Promise<void>;
}

export interface TestBackend {
  kind: BackendKind;
  /** False only off CI without a local Redis: the suite is skipped with a message. */
  available: boolean;
}

/** Both backends; the real Redis one is required when CI=true. */
export async function testBackends(): Promise<TestBackend[]> {
  return [
    { kind: "redis", available: await redisAvailable() },
    { kind: "memory", available: true },
  ];
}

export function clientFor(url: string, token = TEST_TOKEN): Redis {
  return new Redis({ url, token, enableTelemetry: false, retry: false });
}

export async function startBridgeFixture(kind: BackendKind): Promise<BridgeFixture> {
  const bridge = await startUpstashBridge({ port: 0, token: TEST_TOKEN, redisUrl: kind === "redis" ? TEST_REDIS_URL : undefined });
  const redis = clientFor(bridge.url);
  const prefix = redisTestPrefix();
  return {
    bridge,
    redis,
    prefix,
    close: async () => {
      if (kind === "redis") {
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length > 0) await redis.del(...keys);
      }
      await bridge.close();
    },
  };
}
