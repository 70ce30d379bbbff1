import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckoutRequest } from "../../../contracts/orders/api.ts";
import { FLASH_SALE_UPSERTED } from "../../../contracts/flash-sales/events.ts";
import type { FlashSaleWire } from "../../../contracts/flash-sales/definition.ts";
import type { ReservationClaims } from "../../../domain/flash-sale.ts";
import { signReservation } from "../../../platform/reservation-token.ts";
import type { TestDatabase } from "../../shared/testing.ts";
import { applyCatalogEvent } from "../catalog-feed.ts";
import type { OrdersSchema } from "../db.ts";
import { checkFlashSaleReservations, recordReservations, settleReservation } from "../flash-sale-checkout.ts";
import { EDGE_SECRET, openTestDatabase } from "./harness.ts";

/**
 * Orders' authority over flash-sale reservations, on real Postgres: it trusts only tokens the edge
 * signed, prices from its replica of the sale, refuses outside the window, and a reservation
 * settled unused can never make an order afterwards.
 */
let database: TestDatabase<OrdersSchema>;
const HOUR = 3_600_000;
const sale: FlashSaleWire = {
  id: "fs_orders_spec",
  variantId: "var_flash",
  salePrices: { USD: 700 },
  allocation: 10,
  startsAt: new Date(Date.now() - HOUR).toISOString(),
  endsAt: new Date(Date.now() + HOUR).toISOString(),
  perCustomerMax: 2,
  shards: 2,
  status: "scheduled",
};

async function publish(wire: FlashSaleWire): Promise<void> {
  await database.db.transaction((tx) => applyCatalogEvent(tx, { seq: 1, type: FLASH_SALE_UPSERTED, subject: wire.id, payload: wire, createdAt: new Date().toISOString() }));
}

beforeAll(async () => {
  database = await openTestDatabase("postgres");
  await publish(sale);
});
afterAll(() => database.close());

async function request(overrides: Partial<ReservationClaims> = {}, owner = { sessionId: "sess_a" }): Promise<{ request: CheckoutRequest; claims: ReservationClaims }> {
  const claims: ReservationClaims = { reservationId: `rsv_0-${crypto.randomUUID()}`, saleId: sale.id, variantId: sale.variantId, quantity: 1, buyerKey: owner.sessionId, currency: "USD", unitPrice: 700, expiresAt: Date.now() + 60_000, ...overrides };
  const token = await signReservation(EDGE_SECRET, claims);
  return {
    claims,
    request: {
      cartId: "guest:sess_a",
      owner,
      currency: "USD",
      email: "ada@example.com",
      shippingAddress: { name: "Ada", line1: "1 Street", line2: undefined, city: "London", region: undefined, postalCode: "N1", country: "GB" },
      lines: [{ variantId: sale.variantId, quantity: 1, unitPrice: 700 }],
      promotionCodes: [],
      paymentToken: "tok_x",
      flashSaleReservations: [token],
    },
  };
}

const check = (r: CheckoutRequest) => database.db.transaction((tx) => checkFlashSaleReservations(tx, r, [EDGE_SECRET]));
const codeOf = (promise: Promise<unknown>) => promise.then(() => "accepted", (err: { code?: string }) => err.code ?? String(err));

describe("flash-sale reservations at orders", () => {
  it("accepts a reservation the edge signed and prices its line at the sale price", async () => {
    const { request: r } = await request();
    expect((await check(r)).prices).toEqual(new Map([[sale.variantId, 700]]));
  });

  it("refuses a reservation signed with another secret, another buyer's, an expired one, and a changed sale price", async () => {
    const { request: r } = await request();
    expect(await codeOf(database.db.transaction((tx) => checkFlashSaleReservations(tx, r, ["not-the-edge"])))).toBe("RESERVATION_INVALID");
    expect(await codeOf(check((await request({ buyerKey: "sess_b" })).request))).toBe("RESERVATION_INVALID");
    expect(await codeOf(check((await request({ expiresAt: Date.now() - 1 })).request))).toBe("RESERVATION_EXPIRED");
    expect(await codeOf(check((await request({ unitPrice: 1 })).request))).toBe("PRICE_CHANGED");
  });

  it("makes at most one order of a reservation, and none of one settled unused", async () => {
    const { request: r, claims } = await request();
    const checked = await check(r);
    await database.db.transaction((tx) => recordReservations(tx, checked, "ord_first"));
    expect(await codeOf(database.db.transaction((tx) => recordReservations(tx, checked, "ord_second")))).toBe("RESERVATION_EXPIRED");
    expect((await settleReservation(database.db, claims.reservationId)).orderId).toBe("ord_first");

    const unused = await request();
    expect(await settleReservation(database.db, unused.claims.reservationId)).toEqual({ reservationId: unused.claims.reservationId, outcome: "released", orderId: null });
    const late = await check(unused.request);
    expect(await codeOf(database.db.transaction((tx) => recordReservations(tx, late, "ord_late")))).toBe("RESERVATION_EXPIRED");
  });

  it("refuses once the merchant cancelled the sale", async () => {
    await publish({ ...sale, id: "fs_orders_cancelled", status: "cancelled" });
    expect(await codeOf(check((await request({ saleId: "fs_orders_cancelled" })).request))).toBe("UNAVAILABLE");
  });
});
