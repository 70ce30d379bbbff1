import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBridgeFixture, testBackends, type BridgeFixture } from "../../upstash-bridge/test/fixture.ts";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  idempotencyRedisKey,
  releaseIdempotencyKey,
  renewIdempotencyClaim,
  requestFingerprint,
} from "../idempotency.ts";

const TTL = 60_000;

for (const backend of await testBackends()) {
  describe.skipIf(!backend.available)(`idempotency keys on Redis (${backend.kind} backend)`, () => {
    let f: BridgeFixture;
    let scope: string;
    beforeAll(async () => {
      f = await startBridgeFixture(backend.kind);
      scope = `${f.prefix}checkout`;
    });
    afterAll(async () => {
      await f.close();
    });

    it("gives exactly one of 50 concurrent claims of a key the work", async () => {
      const claims = await Promise.all(Array.from({ length: 50 }, () => claimIdempotencyKey(f.redis, scope, "race", "fp", TTL)));
      expect(claims.filter((c) => c.state === "new")).toHaveLength(1);
      expect(claims.filter((c) => c.state === "in_progress")).toHaveLength(49);
    });

    it("answers a retry after completion with the stored response", async () => {
      expect(await claimIdempotencyKey(f.redis, scope, "done", "fp", TTL)).toEqual({ state: "new" });
      const response = { status: 201, body: { orderId: "ord_1", total: { amount: 1999, currency: "EUR" } } };
      await completeIdempotencyKey(f.redis, scope, "done", "fp", response, TTL);
      expect(await claimIdempotencyKey(f.redis, scope, "done", "fp", TTL)).toEqual({ state: "done", response });
    });

    it("reports a key reused for a different request as a mismatch", async () => {
      await claimIdempotencyKey(f.redis, scope, "reused", requestFingerprint("POST", "/checkout", '{"cart":"a"}'), TTL);
      const other = requestFingerprint("POST", "/checkout", '{"cart":"b"}');
      expect(await claimIdempotencyKey(f.redis, scope, "reused", other, TTL)).toEqual({ state: "mismatch" });
    });

    it("lets a retry run again after the first attempt released its claim", async () => {
      await claimIdempotencyKey(f.redis, scope, "failed", "fp", TTL);
      expect(await releaseIdempotencyKey(f.redis, scope, "failed", "other-fp")).toBe(false);
      expect(await releaseIdempotencyKey(f.redis, scope, "failed", "fp")).toBe(true);
      expect(await claimIdempotencyKey(f.redis, scope, "failed", "fp", TTL)).toEqual({ state: "new" });
    });

    it("never releases a completed response", async () => {
      await claimIdempotencyKey(f.redis, scope, "kept", "fp", TTL);
      await completeIdempotencyKey(f.redis, scope, "kept", "fp", { status: 200, body: null }, TTL);
      expect(await releaseIdempotencyKey(f.redis, scope, "kept", "fp")).toBe(false);
      expect(await claimIdempotencyKey(f.redis, scope, "kept", "fp", TTL)).toEqual({ state: "done", response: { status: 200, body: null } });
    });

    it("lets a key be claimed again once an abandoned claim expires", async () => {
      await claimIdempotencyKey(f.redis, scope, "crashed", "fp", 150);
      expect(await claimIdempotencyKey(f.redis, scope, "crashed", "fp", 150)).toEqual({ state: "in_progress" });
      await new Promise((r) => setTimeout(r, 250));
      expect(await claimIdempotencyKey(f.redis, scope, "crashed", "fp", TTL)).toEqual({ state: "new" });
    });

    it("renews only its owner's in-progress claim", async () => {
      await claimIdempotencyKey(f.redis, scope, "leased", "fp", 300, "owner-a");
      expect(await renewIdempotencyClaim(f.redis, scope, "leased", "fp", "owner-b", 60_000)).toBe(false);
      expect(await renewIdempotencyClaim(f.redis, scope, "leased", "fp", "owner-a", 60_000)).toBe(true);
      await new Promise((r) => setTimeout(r, 400));
      expect(await claimIdempotencyKey(f.redis, scope, "leased", "fp", TTL, "owner-b")).toEqual({ state: "in_progress" });
      await completeIdempotencyKey(f.redis, scope, "leased", "fp", { status: 200, body: null }, TTL);
      expect(await renewIdempotencyClaim(f.redis, scope, "leased", "fp", "owner-a", 60_000)).toBe(false);
      expect(await renewIdempotencyClaim(f.redis, scope, "gone", "fp", "owner-a", 60_000)).toBe(false);
    });

    it("refuses to trust a value under the key that it did not write", async () => {
      await f.redis.set(idempotencyRedisKey(scope, "foreign"), "not a record");
      await expect(claimIdempotencyKey(f.redis, scope, "foreign", "fp", TTL)).rejects.toThrow(/not valid/);
    });
  });
}

describe("requestFingerprint", () => {
  it("tells apart requests whose parts merely concatenate alike", () => {
    expect(requestFingerprint("ab", "c")).not.toBe(requestFingerprint("a", "bc"));
    expect(requestFingerprint("POST", "/x", "{}")).toBe(requestFingerprint("POST", "/x", "{}"));
  });
});
