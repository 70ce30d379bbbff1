import { startUpstashBridge } from "../upstash-bridge/server.ts";
import { redisAvailable, TEST_REDIS_URL } from "./testing.ts";

/**
 * An Upstash bridge for a service's specs: in front of the real Redis when it runs (with CI=true
 * it must), else in memory. Payments needs one for its replay guard, and so does every spec that
 * starts payments beside its own service (orders').
 */
export async function startReplayBridge(): Promise<{ url: string; token: string; close(): Promise<void> }> {
  const token = "payments-test-token";
  const bridge = await startUpstashBridge({ port: 0, token, redisUrl: (await redisAvailable()) ? TEST_REDIS_URL : undefined });
  return { url: bridge.url, token, close: () => bridge.close() };
}
