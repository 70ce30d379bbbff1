import { beforeEach, describe, expect, it } from "vitest";
import type { RedisBackend } from "../backend.ts";
import { createMemoryBackend } from "../memory/backend.ts";
import { Keyspace } from "../memory/keyspace.ts";
import type { Reply } from "../protocol.ts";

/** The in-memory dev store behaves like Redis for the commands it supports, expiry included. */
let now = 1_000_000;
let store: RedisBackend;

async function run(...command: Array<string | number>): Promise<Reply> {
  const [outcome] = await store.pipeline([command.map(String)]);
  if (!outcome) throw new Error("no reply");
  if ("error" in outcome) throw new Error(outcome.error);
  return outcome.result;
}

beforeEach(() => {
  now = 1_000_000;
  store = createMemoryBackend(() => now);
});

describe("in-memory dev store: strings and expiry", () => {
  it("supports SET with NX, XX and GET", async () => {
    expect(await run("set", "k", "a", "XX")).toBeNull();
    expect(await run("set", "k", "a", "NX")).toBe("OK");
    expect(await run("set", "k", "b", "NX")).toBeNull();
    expect(await run("set", "k", "b", "NX", "GET")).toBe("a");
    expect(await run("set", "k", "c", "XX", "GET")).toBe("a");
    expect(await run("get", "k")).toBe("c");
    await expect(run("set", "k", "v", "NX", "XX")).rejects.toThrow("ERR syntax error");
  });

  it("expires keys set with EX or PX, and SET without KEEPTTL clears an expiry", async () => {
    await run("set", "ex", "v", "EX", 10);
    await run("set", "px", "v", "PX", 500);
    expect(await run("pttl", "px")).toBe(500);
    expect(await run("ttl", "ex")).toBe(10);
    now += 501;
    expect(await run("get", "px")).toBeNull();
    expect(await run("exists", "px", "ex")).toBe(1);
    await run("set", "ex", "w", "KEEPTTL");
    expect(await run("ttl", "ex")).toBe(9);
    await run("set", "ex", "x");
    expect(await run("ttl", "ex")).toBe(-1);
    expect(await run("ttl", "gone")).toBe(-2);
    await expect(run("set", "k", "v", "EX", 0)).rejects.toThrow("invalid expire time");
  });

  it("honours EXPIRE and PEXPIRE conditions NX, XX, GT and LT", async () => {
    await run("set", "k", "v");
    expect(await run("pexpire", "k", 1000, "XX")).toBe(0);
    expect(await run("pexpire", "k", 1000, "NX")).toBe(1);
    expect(await run("pexpire", "k", 5000, "NX")).toBe(0);
    expect(await run("pexpire", "k", 500, "GT")).toBe(0);
    expect(await run("pexpire", "k", 500, "LT")).toBe(1);
    expect(await run("expire", "k", 60, "GT")).toBe(1);
    expect(await run("pttl", "k")).toBe(60_000);
    expect(await run("expire", "missing", 10)).toBe(0);
    expect(await run("pexpire", "k", 0)).toBe(1);
    expect(await run("exists", "k")).toBe(0);
  });

  it("counts with INCR/DECR, keeping a key's expiry, and refuses non-integers", async () => {
    await run("set", "n", "5", "PX", 1000);
    expect(await run("incr", "n")).toBe(6);
    expect(await run("decrby", "n", 10)).toBe(-4);
    expect(await run("pttl", "n")).toBe(1000);
    await run("set", "s", "1.5");
    await expect(run("incr", "s")).rejects.toThrow("not an integer");
    await expect(run("incrby", "n", "x")).rejects.toThrow("not an integer");
  });

  it("supports MGET, MSET, DEL, KEYS with globs and FLUSHDB", async () => {
    expect(await run("mset", "user:1", "a", "user:2", "b", "order:1", "c")).toBe("OK");
    expect(await run("mget", "user:1", "nope", "order:1")).toEqual(["a", null, "c"]);
    expect(((await run("keys", "user:*")) as string[]).sort()).toEqual(["user:1", "user:2"]);
    expect(await run("keys", "user:[^1]")).toEqual(["user:2"]);
    expect(await run("keys", "?rder:?")).toEqual(["order:1"]);
    expect(await run("del", "user:1", "user:1", "nope")).toBe(1);
    expect(await run("flushdb")).toBe("OK");
    expect(await run("keys", "*")).toEqual([]);
  });
});

describe("in-memory dev store: memory stays bounded", () => {
  it("drops expired keys that nobody reads again, as the services' replay keys are", () => {
    // Every signed write leaves a key like this (SET NX PX 61 s) that is never read again; a
    // long dev session writes millions of them, so expiry on access alone would keep them all.
    const keyspace = new Keyspace(() => now);
    for (let i = 0; i < 20_000; i++) {
      keyspace.put(`replay:payments:${i}`, { type: "string", value: "1" }, now + 61_000);
      now += 10;
    }
    // 61 s of keys are live at 10 ms apart (6,100); what expired before the last sweep is gone.
    expect(keyspace.held).toBeLessThanOrEqual(6_100 + 1_000);
    expect(keyspace.held).toBeGreaterThanOrEqual(6_100);
  });

  it("keeps keys without an expiry, however many are written", () => {
    const keyspace = new Keyspace(() => now);
    for (let i = 0; i < 3_000; i++) keyspace.put(`counter:${i}`, { type: "string", value: "1" }, undefined);
    expect(keyspace.held).toBe(3_000);
  });
});

describe("in-memory dev store: hashes, sets and sorted sets", () => {
  it("keeps hash fields and drops the key with its last field", async () => {
    expect(await run("hset", "h", "a", "1", "b", "2")).toBe(2);
    expect(await run("hset", "h", "a", "3")).toBe(0);
    expect(await run("hincrby", "h", "a", 4)).toBe(7);
    expect(await run("hgetall", "h")).toEqual(["a", "7", "b", "2"]);
    expect(await run("hdel", "h", "a", "b", "c")).toBe(2);
    expect(await run("exists", "h")).toBe(0);
    await expect(run("hset", "h", "odd")).rejects.toThrow("wrong number of arguments");
  });

  it("keeps set members", async () => {
    expect(await run("sadd", "s", "x", "y", "x")).toBe(2);
    expect(await run("sismember", "s", "y")).toBe(1);
    expect(await run("srem", "s", "y", "z")).toBe(1);
    expect(await run("smembers", "s")).toEqual(["x"]);
  });

  it("orders sorted-set members by score, then by member", async () => {
    expect(await run("zadd", "z", 2, "b", 1, "c", 1, "a")).toBe(3);
    expect(await run("zadd", "z", "CH", 5, "a")).toBe(1);
    expect(await run("zrange", "z", 0, -1)).toEqual(["c", "b", "a"]);
    expect(await run("zrange", "z", 0, 1, "WITHSCORES")).toEqual(["c", "1", "b", "2"]);
    expect(await run("zrange", "z", 0, 0, "REV")).toEqual(["a"]);
    expect(await run("zrem", "z", "c")).toBe(1);
    expect(await run("zcard", "z")).toBe(2);
    await expect(run("zrange", "z", 0, 10, "BYSCORE")).rejects.toThrow("not supported");
  });

  it("refuses to treat one type as another", async () => {
    await run("sadd", "s", "x");
    await expect(run("get", "s")).rejects.toThrow(/^WRONGTYPE/);
    await expect(run("hset", "s", "f", "v")).rejects.toThrow(/^WRONGTYPE/);
  });
});

describe("in-memory dev store: what it does not do", () => {
  it("names unsupported commands and wrong arity", async () => {
    await expect(run("lpush", "l", "x")).rejects.toThrow("ERR command not supported by the in-memory dev store: 'lpush'");
    await expect(run("get", "a", "b")).rejects.toThrow("ERR wrong number of arguments for 'get' command");
  });

  it("discards a transaction containing a command it cannot run", async () => {
    const outcome = await store.transaction([["set", "k", "v"], ["lpush", "l", "x"]]);
    expect(outcome.ok).toBe(false);
    expect(await run("exists", "k")).toBe(0);
  });
});
