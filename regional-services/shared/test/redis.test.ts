import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBridgeFixture, TEST_TOKEN, type BridgeFixture } from "../../upstash-bridge/test/fixture.ts";
import { loadEnv } from "../env.ts";
import { createRedis } from "../redis.ts";

/** Services build their client from the environment only; these check it reaches the bridge. */
describe("createRedis", () => {
  let f: BridgeFixture;
  beforeAll(async () => {
    f = await startBridgeFixture("memory");
  });
  afterAll(async () => {
    await f.close();
  });

  it("talks to UPSTASH_REDIS_REST_URL with UPSTASH_REDIS_REST_TOKEN", async () => {
    const redis = createRedis(loadEnv({ UPSTASH_REDIS_REST_URL: f.bridge.url, UPSTASH_REDIS_REST_TOKEN: TEST_TOKEN }));
    expect(await redis.set(`${f.prefix}k`, "v")).toBe("OK");
    expect(await redis.get(`${f.prefix}k`)).toBe("v");
  });

  it("fails, rather than hangs, with the wrong token", async () => {
    const redis = createRedis(loadEnv({ UPSTASH_REDIS_REST_URL: f.bridge.url, UPSTASH_REDIS_REST_TOKEN: "not-the-token" }));
    await expect(redis.get(`${f.prefix}k`)).rejects.toThrow(/Unauthorized/);
  });

  it("fails, after a short retry (three attempts in all), when the endpoint drops every connection", async () => {
    let attempts = 0;
    const dropper = createServer((socket) => {
      attempts++;
      socket.destroy();
    });
    await new Promise<void>((ready) => dropper.listen(0, "127.0.0.1", ready));
    const { port } = dropper.address() as AddressInfo;
    try {
      const redis = createRedis(loadEnv({ UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${port}`, UPSTASH_REDIS_REST_TOKEN: TEST_TOKEN }));
      await expect(redis.get("k")).rejects.toThrow();
      expect(attempts).toBe(3);
    } finally {
      await new Promise((closed) => dropper.close(closed));
    }
  });
});
