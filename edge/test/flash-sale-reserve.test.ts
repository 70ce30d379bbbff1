import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Shopper, type ErrorJson } from "./cart-fixtures.ts";
import { addToCart, checkout, checkoutBody, merchantPatch, stockedVariants } from "./checkout-fixtures.ts";
import { buy, reserve, scheduleSale } from "./flash-sale-fixtures.ts";

/** Reserving at the edge and what orders accepts a reservation for. */
describe("POST /api/flash-sales/{id}/reserve and checkout with a reservation", () => {
  it("answers 404 for a sale that does not exist and 409 UNAVAILABLE before the start", async () => {
    expect(await reserve("fs_nope")).toEqual({ kind: "refused", status: 404, code: "NOT_FOUND" });
    const [variant] = await stockedVariants(1, 31);
    if (!variant) throw new Error("no variant");
    const sale = await scheduleSale({ variantId: variant.id, salePrice: 100, allocation: 5, shards: 2, startsInMs: 60_000 });
    expect(await reserve(sale.id)).toEqual({ kind: "refused", status: 409, code: "UNAVAILABLE" });
  });

  it("sells at the sale price, refuses a second order with the same reservation, and a reservation given back", async () => {
    const [variant] = await stockedVariants(1, 32);
    if (!variant) throw new Error("no variant");
    await merchantPatch(variant.productSlug, { variants: [{ id: variant.id, stock: 100 }] });
    // A generous per-customer maximum, so the reservation itself is what a second order runs into.
    const sale = await scheduleSale({ variantId: variant.id, salePrice: 123, allocation: 3, shards: 1, perCustomerMax: 5 });

    const won = await reserve(sale.id);
    if (won.kind !== "reserved") throw new Error(`expected a reservation, got ${JSON.stringify(won)}`);
    expect(won.reservation).toMatchObject({ saleId: sale.id, variantId: variant.id, quantity: 1, currency: "USD", unitPrice: 123 });
    expect(await buy(won.shopper, won.reservation, "4242424242424242")).toMatchObject({ status: 201, orderStatus: "paid", unitPrice: 123 });
    // The same reservation again, under a new key: one reservation makes at most one order.
    await addToCart(won.shopper, variant.id);
    const again = await checkout(won.shopper, crypto.randomUUID(), checkoutBody(undefined, { flashSaleReservation: won.reservation.token }));
    expect(again.status).toBe(409);
    expect((await again.json<ErrorJson>()).error.code).toBe("RESERVATION_EXPIRED");

    // A reservation settled unused (as on expiry) comes back on sale, and can no longer buy.
    const given = await reserve(sale.id);
    if (given.kind !== "reserved") throw new Error("expected a reservation");
    const shard = env.STOCK.getByName(`${sale.id}:0`);
    expect(await shard.settle(given.reservation.reservationId)).toEqual({ outcome: "released" });
    await addToCart(given.shopper, variant.id);
    const late = await checkout(given.shopper, crypto.randomUUID(), checkoutBody(undefined, { flashSaleReservation: given.reservation.token }));
    expect(late.status).toBe(409);
    expect((await late.json<ErrorJson>()).error.code).toBe("RESERVATION_EXPIRED");
    expect((await shard.status()).available).toBe(2);
  });

  it("refuses a token that was tampered with, and another shopper's reservation", async () => {
    const [variant] = await stockedVariants(1, 33);
    if (!variant) throw new Error("no variant");
    const sale = await scheduleSale({ variantId: variant.id, salePrice: 50, allocation: 5, shards: 1 });
    const won = await reserve(sale.id);
    if (won.kind !== "reserved") throw new Error("expected a reservation");
    const [claims = "", signature = ""] = won.reservation.token.split(".");
    const cheaper = btoa(JSON.stringify({ ...JSON.parse(atob(claims.replaceAll("-", "+").replaceAll("_", "/"))), unitPrice: 1 })).replace(/=+$/, "");
    await addToCart(won.shopper, variant.id);
    const forged = await checkout(won.shopper, crypto.randomUUID(), checkoutBody(undefined, { flashSaleReservation: `${cheaper}.${signature}` }));
    expect(forged.status).toBe(400);
    expect((await forged.json<ErrorJson>()).error.code).toBe("RESERVATION_INVALID");

    const stranger = new Shopper();
    await addToCart(stranger, variant.id);
    const theirs = await checkout(stranger, crypto.randomUUID(), checkoutBody(undefined, { flashSaleReservation: won.reservation.token }));
    expect(theirs.status).toBe(400);
    expect((await theirs.json<ErrorJson>()).error).toMatchObject({ code: "RESERVATION_INVALID", details: { field: "flashSaleReservations.0" } });
  });
});

describe("the per-customer maximum at checkout", () => {
  it("is enforced by orders, whatever the shards let through", async () => {
    const [variant] = await stockedVariants(1, 34);
    if (!variant) throw new Error("no variant");
    await merchantPatch(variant.productSlug, { variants: [{ id: variant.id, stock: 100 }] });
    // Two shards: each counts the buyer's reservations on its own (best effort), orders counts all.
    const sale = await scheduleSale({ variantId: variant.id, salePrice: 77, allocation: 2, shards: 2 });
    const shopper = new Shopper();
    const first = await reserve(sale.id, shopper);
    if (first.kind !== "reserved") throw new Error("expected a reservation");
    expect(await buy(shopper, first.reservation, "4242424242424242")).toMatchObject({ status: 201, orderStatus: "paid" });
    const second = await reserve(sale.id, shopper);
    if (second.kind === "reserved") {
      // The other shard did not know: orders does.
      expect(await buy(shopper, second.reservation, "4242424242424242")).toMatchObject({ status: 409, code: "FLASH_SALE_LIMIT_REACHED" });
    } else {
      expect(second).toMatchObject({ status: 409, code: "FLASH_SALE_LIMIT_REACHED" });
    }
  });
});
