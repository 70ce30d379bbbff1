import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisAvailable } from "../../shared/testing.ts";
import { stripUpstashFlags } from "../scripts.ts";
import { startBridgeFixture, type BridgeFixture } from "./fixture.ts";

const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");

describe("stripping Upstash-only script flags", () => {
  it("drops allow-key-locking and keeps the script's lines where they were", () => {
    expect(stripUpstashFlags("#!lua flags=allow-key-locking\nreturn 1")).toBe("#!lua\nreturn 1");
  });
  it("keeps the flags Redis knows", () => {
    expect(stripUpstashFlags("#!lua flags=no-writes,allow-key-locking\nreturn 1")).toBe("#!lua flags=no-writes\nreturn 1");
  });
  it("leaves other scripts alone", () => {
    expect(stripUpstashFlags("return 1")).toBeUndefined();
    expect(stripUpstashFlags("#!lua flags=no-writes\nreturn 1")).toBeUndefined();
    expect(stripUpstashFlags("-- #!lua flags=allow-key-locking\nreturn 1")).toBeUndefined();
  });
});

describe.skipIf(!(await redisAvailable()))("Lua scripts through the bridge (redis backend)", () => {
  let f: BridgeFixture;
  /** Unique text per run, so Redis has never cached it and the NOSCRIPT path really runs. */
  const flagged = (body: string) => `#!lua flags=allow-key-locking\n-- ${f.prefix}\n${body}`;

  beforeAll(async () => {
    f = await startBridgeFixture("redis");
  });
  afterAll(async () => {
    await f.close();
  });

  it("runs a script with allow-key-locking, which Redis 7 alone rejects", async () => {
    const script = flagged("return redis.call('incrby', KEYS[1], ARGV[1])");
    expect(await f.redis.eval(script, [`${f.prefix}counter`], [5])).toBe(5);
  });

  it("passes NOSCRIPT through, then maps the client's digest once EVAL has run", async () => {
    const source = flagged("return redis.call('incr', KEYS[1])");
    const key = `${f.prefix}script-counter`;
    await expect(f.redis.evalsha(sha1(source), [key], [])).rejects.toThrow(/NOSCRIPT/);
    const script = f.redis.createScript<number>(source);
    expect(await script.exec([key], [])).toBe(1);
    expect(await script.evalsha([key], [])).toBe(2);
    expect(await f.redis.scriptExists(sha1(source))).toEqual([1]);
  });

  it("answers SCRIPT LOAD with the digest of the script the client sent", async () => {
    const source = flagged("return ARGV[1]");
    expect(await f.redis.scriptLoad(source)).toBe(sha1(source));
    expect(await f.redis.evalsha(sha1(source), [], ["echoed"])).toBe("echoed");
  });
});
