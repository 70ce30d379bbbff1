import { describe, expect, it } from "vitest";
import { parseServerTiming, Timings } from "./server-timing.ts";

describe("Timings (Server-Timing)", () => {
  it("adds up a step that runs twice, also when it throws, and writes one header entry per step", async () => {
    const t = new Timings();
    t.add("db", 2);
    t.add("db", 3.25);
    await expect(t.time("call", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    const parsed = parseServerTiming(t.header());
    expect(parsed.get("db")).toBeCloseTo(5.3, 1);
    expect([...parsed.keys()]).toEqual(["db", "call"]);
  });

  it("takes another hop's steps under a prefix, skipping entries without a duration", () => {
    const t = new Timings();
    t.merge("orders-", 'tx;dur=12.5, cache;desc="hit", pay;dur=40');
    t.merge("orders-", null);
    expect(Object.fromEntries(parseServerTiming(t.header()))).toEqual({ "orders-tx": 12.5, "orders-pay": 40 });
  });
});
