import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { HandOverStore } from "../src/stock-handover.ts";
import type { ShardConfig, StockObject } from "../src/stock-object.ts";
import { StockStore } from "../src/stock-store.ts";

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

  it("hands units to another shard of the sale: the donor gives at most what it has, and a repeated delivery adds nothing", async () => {
    const saleId = `fs_${crypto.randomUUID()}`;
    const a = shardOf({ saleId, shard: 0, shards: 2, allocation: 4, perCustomerMax: 4 });
    const b = shardOf({ saleId, shard: 1, shards: 2, allocation: 4, perCustomerMax: 4 });
    expect((await a.stub.reserve(a.config, "buyer-a", 1)).ok).toBe(true);
    // Shard 0 has 1 of its 2 left; asked for 5, it gives that 1 and shard 1 (never asked yet) takes it on top of its share.
    expect(await a.stub.handOver(a.config, 1, 5)).toEqual({ given: 1 });
    expect(await a.stub.status()).toMatchObject({ available: 0, held: 1 });
    expect(await b.stub.status()).toMatchObject({ available: 3, initial: 2 });
    expect(await a.stub.handOver(a.config, 1, 1)).toEqual({ given: 0 });
    // Nothing to itself, to a shard the sale does not have, or of nothing.
    expect(await b.stub.handOver(b.config, 1, 1)).toEqual({ given: 0 });
    expect(await b.stub.handOver(b.config, 2, 1)).toEqual({ given: 0 });
    expect(await b.stub.handOver(b.config, 0, 0)).toEqual({ given: 0 });
    // The same transfer delivered twice (a retry after a lost answer) is taken once.
    expect(await b.stub.receive(b.config, "xfer_0-once", 2)).toEqual({ taken: true });
    expect(await b.stub.receive(b.config, "xfer_0-once", 2)).toEqual({ taken: true });
    expect(await b.stub.status()).toMatchObject({ available: 5 });
    // All five can now be reserved at shard 1, by one buyer at once.
    expect(await b.stub.reserve(b.config, "buyer-b", 4)).toMatchObject({ ok: true, left: 1 });
  });

  it("delivers a hand-over the receiver did not take at the time on its next alarm, so no unit is lost in flight", async () => {
    const saleId = `fs_${crypto.randomUUID()}`;
    const a = shardOf({ saleId, shard: 0, shards: 2, allocation: 6 });
    const b = shardOf({ saleId, shard: 1, shards: 2, allocation: 6 });
    await a.stub.reserve(a.config, "buyer-a", 1);
    // As a hand-over whose delivery failed leaves it: the units out of the donor, the transfer recorded.
    await runInDurableObject(a.stub, (_o: StockObject, state) => {
      new StockStore(state.storage.sql).addAvailable(-2);
      new HandOverStore(state.storage.sql).recordOutgoing({ id: "xfer_0-lost", toShard: 1, units: 2, config: JSON.stringify({ ...a.config, shard: 1 }) });
    });
    expect(await a.stub.status()).toMatchObject({ available: 0, held: 1 });
    await runDurableObjectAlarm(a.stub);
    expect(await b.stub.status()).toMatchObject({ available: 5, initial: 3 });
    await runInDurableObject(a.stub, (_o: StockObject, state) => {
      expect(new HandOverStore(state.storage.sql).outgoing()).toEqual([]);
    });
    // A second alarm delivers nothing again.
    await runDurableObjectAlarm(a.stub);
    expect((await b.stub.status()).available).toBe(5);
  });
});
