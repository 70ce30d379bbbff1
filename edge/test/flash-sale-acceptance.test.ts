import { describe, expect, it } from "vitest";
import { Shopper } from "./cart-fixtures.ts";
import { addToCart, CARDS, merchantPatch, stockedVariants } from "./checkout-fixtures.ts";
import { buy, reserve, scheduleSale, shardTotals, type Reserved } from "./flash-sale-fixtures.ts";

/**
 * The flash-sale acceptance spec, end to end through the real Worker, its StockObjects and the
 * real catalog, orders and payments services: 2,000 buyers at once for 100 units make exactly
 * 100 sales, never one more, and everyone else hears a clear "sold out"; units of failed
 * payments are sold again, exactly as many as failed.
 */
const ALLOCATION = 100;
const BUYERS = 2_000;
const FAILING = 10;
const SHARDS = 4;

type Won = Extract<Reserved, { kind: "reserved" }>;

describe("a flash sale of 100 units", () => {
  it("sells exactly 100 to 2,000 concurrent buyers, says sold out to the rest, and resells the units of failed payments", async () => {
    const [variant] = await stockedVariants(1, 30);
    if (!variant) throw new Error("no variant to put on sale");
    // The merchant has the units: the sale's allocation, not the shelf, is what runs out.
    await merchantPatch(variant.productSlug, { variants: [{ id: variant.id, stock: 5_000 }] });
    const salePrice = Math.max(1, Math.floor(variant.price / 2));
    const sale = await scheduleSale({ variantId: variant.id, salePrice, allocation: ALLOCATION, shards: SHARDS, startsInMs: 5_000 });
    // Before a sale, shoppers look at the item and try too early: the edge has the item and the
    // sale cached when the crowd arrives. (One isolate serving 2,000 requests at once on a small
    // machine can be too busy to hear the catalog's version in time; it then serves what it has.)
    await addToCart(new Shopper(), variant.id);
    expect(await reserve(sale.id)).toEqual({ kind: "refused", status: 409, code: "UNAVAILABLE" });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(sale.startsAt) - Date.now())));

    // 2,000 buyers at once. The first ten who get a unit wait before paying (with a card that
    // will fail); everyone else who gets one pays straight away.
    const waiting: Won[] = [];
    const first = await Promise.all(
      Array.from({ length: BUYERS }, async () => {
        const r = await reserve(sale.id);
        if (r.kind !== "reserved") return { reserved: false as const, refusal: r };
        if (waiting.length < FAILING) {
          waiting.push(r);
          return { reserved: true as const, bought: undefined };
        }
        return { reserved: true as const, bought: await buy(r.shopper, r.reservation, CARDS.succeeds) };
      }),
    );
    const refusals = first.flatMap((a) => (a.reserved ? [] : [a.refusal]));
    const paidFirst = first.flatMap((a) => (a.reserved && a.bought ? [a.bought] : []));
    expect(first.filter((a) => a.reserved)).toHaveLength(ALLOCATION);
    expect(waiting).toHaveLength(FAILING);
    expect(paidFirst.map((b) => `${b.status} ${b.orderStatus}`)).toEqual(Array(ALLOCATION - FAILING).fill("201 paid"));
    expect(paidFirst.every((b) => b.unitPrice === salePrice)).toBe(true);
    // Everyone else: a clear sold-out answer, not an error.
    expect(refusals).toHaveLength(BUYERS - ALLOCATION);
    expect(new Set(refusals.map((r) => r.kind === "refused" && `${r.status} ${r.code}`))).toEqual(new Set(["409 SOLD_OUT"]));

    // The ten pay with a failing card: their units come back on sale.
    const failed = await Promise.all(waiting.map((w) => buy(w.shopper, w.reservation, CARDS.declined)));
    expect(failed.map((b) => `${b.status} ${b.code}`)).toEqual(Array(FAILING).fill("402 PAYMENT_FAILED"));
    expect(await shardTotals(sale.id, SHARDS)).toEqual({ available: FAILING, held: 0, confirmed: ALLOCATION - FAILING });

    // After the isolate's brief "sold out" memory, exactly ten more sell, to a second crowd.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const second = await Promise.all(
      Array.from({ length: 300 }, async () => {
        const r = await reserve(sale.id);
        return r.kind === "reserved" ? await buy(r.shopper, r.reservation, CARDS.succeeds) : r;
      }),
    );
    const paidSecond = second.filter((b) => "orderStatus" in b && b.orderStatus === "paid");
    expect(paidSecond).toHaveLength(FAILING);
    expect(second.filter((b) => "kind" in b && b.code === "SOLD_OUT")).toHaveLength(300 - FAILING);

    // 100 paid, 0 oversold: the objects hold nothing more, and sold exactly the allocation.
    expect(paidFirst.length + paidSecond.length).toBe(ALLOCATION);
    expect(await shardTotals(sale.id, SHARDS)).toEqual({ available: 0, held: 0, confirmed: ALLOCATION });
  }, 240_000);
});
