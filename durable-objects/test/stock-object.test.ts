import { env } from "cloudflare:workers";
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ShardConfig } from "../src/stock-object.ts";

/** A fresh sale per test: Durable Object names are global to the test run. */
function shardOf(overrides: Partial<ShardConfig> = {}) {
  const config: ShardConfig = { saleId: `fs_${crypto.randomUUID()}`, shard: 0, shards: 1, allocation: 5, perCustomerMax: 1, endsAt: Date.now() + 3_600_000, ttlMs: 600_000, ...overrides };
  return { config, stub: env.STOCK.getByName(`${config.saleId}:${config.shard}`) };
}

describe("StockObject, one shard of a flash sale", () => {
  it("takes its share of the allocation once: shards of 10 units over 4 hold 3, 3, 2 and 2", async () => {
    const saleId = `fs_${crypto.randomUUID()}`;
    const initial = [];
    for (let shard = 0; shard < 4; shard++) {
      const { stub, config } = shardOf({ saleId, shard, shards: 4, allocation: 10 });
      await stub.reserve(config, "buyer-a", 1);
      // Asked again with a larger allocation, the shard keeps the share it took.
      await stub.reserve({ ...config, allocation: 1_000 }, "buyer-b", 1);
      initial.push((await stub.status()).initial);
    }
    expect(initial).toEqual([3, 3, 2, 2]);
  });

  it("never hands out more than it holds, however many buyers ask at once", async () => {
    const { stub, config } = shardOf({ allocation: 5 });
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => stub.reserve(config, `buyer-${i}`, 1)));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(new Set(results.filter((r) => !r.ok).map((r) => !r.ok && r.code))).toEqual(new Set(["SOLD_OUT"]));
    expect(await stub.status()).toEqual({ available: 0, held: 5, confirmed: 0, initial: 5 });
  });

  it("refuses a buyer past the per-customer maximum, and anyone once the sale has ended", async () => {
    const { stub, config } = shardOf({ perCustomerMax: 2 });
    expect((await stub.reserve(config, "buyer-a", 2)).ok).toBe(true);
    expect(await stub.reserve(config, "buyer-a", 1)).toMatchObject({ ok: false, code: "FLASH_SALE_LIMIT_REACHED" });
    expect(await stub.reserve({ ...config, endsAt: Date.now() - 1 }, "buyer-b", 1)).toMatchObject({ ok: false, code: "UNAVAILABLE" });
  });

  it("puts an expired reservation that no order used back on sale, after orders has closed it", async () => {
    const { stub, config } = shardOf({ allocation: 1, ttlMs: 50 });
    const first = await stub.reserve(config, "buyer-a", 1);
    expect(first.ok).toBe(true);
    expect(await stub.reserve(config, "buyer-b", 1)).toMatchObject({ ok: false, code: "SOLD_OUT" });
    // The alarm (due 50 ms on; run now in case it has not fired yet) asks the real orders
    // service, which has no order for it: released.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await runDurableObjectAlarm(stub);
    for (let i = 0; i < 100 && (await stub.status()).available === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await stub.status()).toEqual({ available: 1, held: 0, confirmed: 0, initial: 1 });
    expect((await stub.reserve(config, "buyer-b", 1)).ok).toBe(true);
  });

  it("settles a reservation once: a second settle finds nothing held", async () => {
    const { stub, config } = shardOf({ allocation: 1 });
    const reserved = await stub.reserve(config, "buyer-a", 1);
    if (!reserved.ok) throw new Error("expected a reservation");
    expect(await stub.settle(reserved.reservationId)).toEqual({ outcome: "released" });
    expect(await stub.settle(reserved.reservationId)).toEqual({ outcome: "not_held" });
    expect((await stub.status()).available).toBe(1);
  });
});
