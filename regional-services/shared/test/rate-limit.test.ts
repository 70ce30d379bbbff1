import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBridgeFixture, testBackends, type BridgeFixture } from "../../upstash-bridge/test/fixture.ts";
import { rateLimit } from "../rate-limit.ts";

for (const backend of await testBackends()) {
  describe.skipIf(!backend.available)(`rateLimit, a fixed window on Redis (${backend.kind} backend)`, () => {
    let f: BridgeFixture;
    beforeAll(async () => {
      f = await startBridgeFixture(backend.kind);
    });
    afterAll(async () => {
      await f.close();
    });

    it("allows exactly `limit` of 50 concurrent calls", async () => {
      const key = `${f.prefix}burst`;
      const decisions = await Promise.all(Array.from({ length: 50 }, () => rateLimit(f.redis, key, { limit: 10, windowMs: 60_000 })));
      const allowed = decisions.filter((d) => d.allowed);
      expect(allowed).toHaveLength(10);
      expect(allowed.map((d) => d.remaining).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const refused of decisions.filter((d) => !d.allowed)) {
        expect(refused.remaining).toBe(0);
        expect(refused.retryAfterMs).toBeGreaterThan(55_000);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
      }
    });

    it("does not let later calls extend the window, and opens a new one when it ends", async () => {
      const key = `${f.prefix}window`;
      const rule = { limit: 2, windowMs: 400 };
      expect((await rateLimit(f.redis, key, rule)).allowed).toBe(true);
      await new Promise((r) => setTimeout(r, 150));
      expect((await rateLimit(f.redis, key, rule)).allowed).toBe(true);
      const refused = await rateLimit(f.redis, key, rule);
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(250);
      await new Promise((r) => setTimeout(r, refused.retryAfterMs + 50));
      expect(await rateLimit(f.redis, key, rule)).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0 });
    });

    it("keeps separate keys apart", async () => {
      const rule = { limit: 1, windowMs: 60_000 };
      expect((await rateLimit(f.redis, `${f.prefix}a`, rule)).allowed).toBe(true);
      expect((await rateLimit(f.redis, `${f.prefix}b`, rule)).allowed).toBe(true);
      expect((await rateLimit(f.redis, `${f.prefix}a`, rule)).allowed).toBe(false);
    });

    it("rejects a rule that is not a positive integer limit and window", async () => {
      await expect(rateLimit(f.redis, `${f.prefix}bad`, { limit: 0, windowMs: 1000 })).rejects.toThrow(RangeError);
      await expect(rateLimit(f.redis, `${f.prefix}bad`, { limit: 1, windowMs: 0.5 })).rejects.toThrow(RangeError);
    });
  });
}
