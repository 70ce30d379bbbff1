import { describe, expect, it } from "vitest";
import { reservationMessage, reservationOutcome, salePhase, shardOrder, shardShare, withinCustomerMax } from "./flash-sale.ts";

describe("a flash sale's allocation split over shards", () => {
  it("gives every shard an even share and the remainder to the first ones", () => {
    expect([0, 1, 2, 3].map((i) => shardShare(10, 4, i))).toEqual([3, 3, 2, 2]);
  });

  it("adds up to the allocation exactly, whatever the shard count", () => {
    for (const allocation of [0, 1, 7, 100, 101, 999]) {
      for (let shards = 1; shards <= 16; shards++) {
        const parts = Array.from({ length: shards }, (_, i) => shardShare(allocation, shards, i));
        expect(parts.reduce((a, b) => a + b, 0)).toBe(allocation);
      }
    }
  });

  it("gives nothing to a shard that does not exist", () => {
    expect(shardShare(100, 4, 4)).toBe(0);
    expect(shardShare(100, 4, -1)).toBe(0);
  });

  it("asks every shard once, starting anywhere", () => {
    expect(shardOrder(4, 2)).toEqual([2, 3, 0, 1]);
    expect(shardOrder(4, -1)).toEqual([3, 0, 1, 2]);
    expect(shardOrder(1, 7)).toEqual([0]);
  });
});

describe("a flash sale's phase", () => {
  const sale = { startsAt: 1_000, endsAt: 2_000, status: "scheduled" as const };
  it("is upcoming before the start, live in the window and ended from the end on", () => {
    expect(salePhase(sale, 999)).toBe("upcoming");
    expect(salePhase(sale, 1_000)).toBe("live");
    expect(salePhase(sale, 1_999)).toBe("live");
    expect(salePhase(sale, 2_000)).toBe("ended");
  });
  it("is cancelled whenever the merchant cancelled it", () => {
    expect(salePhase({ ...sale, status: "cancelled" }, 1_500)).toBe("cancelled");
  });
});

describe("how a reservation ends", () => {
  it("keeps the units for a paid order and gives them back for a failed, cancelled or missing one", () => {
    expect(reservationOutcome("paid")).toBe("confirmed");
    expect(reservationOutcome("fulfilled")).toBe("confirmed");
    expect(reservationOutcome("payment_failed")).toBe("released");
    expect(reservationOutcome("cancelled")).toBe("released");
    expect(reservationOutcome(null)).toBe("released");
    expect(reservationOutcome("pending_payment")).toBe("pending");
  });

  it("lets a buyer reach the per-customer maximum but not pass it", () => {
    expect(withinCustomerMax(1, 1, 2)).toBe(true);
    expect(withinCustomerMax(2, 1, 2)).toBe(false);
  });

  it("signs every claim, so changing any one changes the signed text", () => {
    const claims = { reservationId: "r1", saleId: "fs_1", variantId: "v1", quantity: 1, buyerKey: "s1", currency: "USD" as const, unitPrice: 500, expiresAt: 9 };
    const base = reservationMessage(claims);
    for (const change of [{ quantity: 2 }, { unitPrice: 1 }, { expiresAt: 10 }, { reservationId: "r2" }, { buyerKey: "s2" }]) {
      expect(reservationMessage({ ...claims, ...change })).not.toBe(base);
    }
  });
});
