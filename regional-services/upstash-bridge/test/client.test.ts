import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientFor, startBridgeFixture, testBackends, TEST_TOKEN, type BridgeFixture } from "./fixture.ts";

/** What the services rely on: the real @upstash/redis client talking to the bridge. */
for (const backend of await testBackends()) {
  describe.skipIf(!backend.available)(`@upstash/redis through the bridge (${backend.kind} backend)`, () => {
    let f: BridgeFixture;
    const k = (name: string) => `${f.prefix}${name}`;

    beforeAll(async () => {
      f = await startBridgeFixture(backend.kind);
    });
    afterAll(async () => {
      await f.close();
    });

    it("sets, gets, increments and deletes", async () => {
      expect(await f.redis.set(k("greeting"), "héllo wörld ✓")).toBe("OK");
      expect(await f.redis.get(k("greeting"))).toBe("héllo wörld ✓");
      expect(await f.redis.get(k("missing"))).toBeNull();
      expect(await f.redis.incr(k("n"))).toBe(1);
      expect(await f.redis.incrby(k("n"), 41)).toBe(42);
      expect(await f.redis.decr(k("n"))).toBe(41);
      expect(await f.redis.del(k("greeting"), k("n"), k("missing"))).toBe(2);
      expect(await f.redis.exists(k("greeting"))).toBe(0);
    });

    it("round-trips JSON values the way the client serialises them", async () => {
      await f.redis.set(k("doc"), { sku: "A-1", qty: 2, tags: ["x"] });
      expect(await f.redis.get(k("doc"))).toEqual({ sku: "A-1", qty: 2, tags: ["x"] });
    });

    it("expires keys and reports their TTL", async () => {
      await f.redis.set(k("short"), "v", { px: 150 });
      await f.redis.set(k("long"), "v");
      expect(await f.redis.expire(k("long"), 100)).toBe(1);
      const ttl = await f.redis.ttl(k("long"));
      expect(ttl).toBeGreaterThan(95);
      expect(ttl).toBeLessThanOrEqual(100);
      expect(await f.redis.ttl(k("nothing"))).toBe(-2);
      await new Promise((r) => setTimeout(r, 250));
      expect(await f.redis.get(k("short"))).toBeNull();
    });

    it("batches many concurrent calls into a few pipeline requests, each answered correctly", async () => {
      // The auto-pipelining proxy counts the pipelines it sent; the Redis type does not declare it.
      const pipelines = () => (f.redis as unknown as { pipelineCounter: number }).pipelineCounter;
      const before = pipelines();
      const counts = await Promise.all(Array.from({ length: 200 }, () => f.redis.incr(k("hits"))));
      expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(pipelines() - before).toBeGreaterThan(0);
      expect(pipelines() - before).toBeLessThan(10);
      const values = await Promise.all(Array.from({ length: 50 }, (_, i) => f.redis.set(k(`p${i}`), i).then(() => f.redis.get<number>(k(`p${i}`)))));
      expect(values).toEqual(Array.from({ length: 50 }, (_, i) => i));
    });

    it("runs multi() as one transaction and reports each command's result", async () => {
      const results = await f.redis.multi().set(k("m"), "1").incr(k("m")).get(k("m")).exec();
      expect(results).toEqual(["OK", 2, 2]);
    });

    it("keeps the other results of a transaction when one command fails at run time, as Redis does", async () => {
      const results = await f.redis.multi().set(k("text"), "abc").incr(k("text")).set(k("after"), "yes").exec({ keepErrors: true });
      expect(results[0]).toEqual({ result: "OK", error: undefined });
      expect(results[1].error).toMatch(/not an integer/);
      expect(await f.redis.get(k("after"))).toBe("yes");
    });

    it("discards the whole transaction when a command cannot be queued", async () => {
      // The typed client cannot build such a transaction, so this one goes over the wire by hand.
      const res = await fetch(`${f.bridge.url}/multi-exec`, {
        method: "POST",
        headers: { authorization: `Bearer ${TEST_TOKEN}` },
        body: JSON.stringify([["set", k("never"), "1"], ["nosuchcommand", "x"]]),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/^EXECABORT .*nosuchcommand/);
      expect(await f.redis.exists(k("never"))).toBe(0);
    });

    it("answers a bad command with a clear Redis error", async () => {
      await expect(f.redis.exec(["nosuchcommand", "x"])).rejects.toThrow(/nosuchcommand/i);
      await expect(f.redis.exec(["get"])).rejects.toThrow(/wrong number of arguments for 'get'/);
      await f.redis.hset(k("hash"), { a: "1" });
      await expect(f.redis.incr(k("hash"))).rejects.toThrow(/WRONGTYPE/);
    });

    it("refuses commands that would change the shared connection", async () => {
      await expect(f.redis.exec(["select", "2"])).rejects.toThrow(/not available over the REST bridge/);
    });

    it("returns hashes, sets and sorted sets in Redis's shapes", async () => {
      expect(await f.redis.hset(k("h"), { a: 1, b: "two" })).toBe(2);
      expect(await f.redis.hgetall(k("h"))).toEqual({ a: 1, b: "two" });
      expect(await f.redis.hincrby(k("h"), "a", 5)).toBe(6);
      expect(await f.redis.sadd(k("s"), "x", "y", "x")).toBe(2);
      expect((await f.redis.smembers(k("s"))).sort()).toEqual(["x", "y"]);
      await f.redis.zadd(k("z"), { score: 2, member: "b" }, { score: 1, member: "a" });
      expect(await f.redis.zrange(k("z"), 0, -1, { withScores: true })).toEqual(["a", 1, "b", 2]);
    });

    it("rejects a client with the wrong token", async () => {
      const intruder = clientFor(f.bridge.url, `${TEST_TOKEN}-wrong`);
      await expect(intruder.get(k("anything"))).rejects.toThrow(/Unauthorized/);
      const res = await fetch(f.bridge.url, { method: "POST", body: JSON.stringify(["ping"]) });
      expect(res.status).toBe(401);
    });
  });
}
