import { describe, expect, it } from "vitest";
import type { ReservationView } from "../../contracts/flash-sales/reservation.ts";
import { Shopper, type ErrorJson } from "./cart-fixtures.ts";
import { stockedVariants } from "./checkout-fixtures.ts";
import { scheduleSale, shardTotals } from "./flash-sale-fixtures.ts";

/**
 * No unit is stranded by how an allocation was split over shards: a buyer of several units gets
 * them when enough are left over all shards together (the shards hand units to one of them), and
 * a buyer refused for more than is left does not make the edge answer "sold out" to the others.
 */
async function reserveUnits(saleId: string, quantity: number, shopper = new Shopper()): Promise<{ status: number; reservation?: ReservationView; code?: string }> {
  const res = await shopper.json(`/api/flash-sales/${saleId}/reserve`, "POST", { quantity });
  const body = await res.json<{ reservation?: ReservationView } & Partial<ErrorJson>>();
  return { status: res.status, reservation: body.reservation, code: body.error?.code };
}

describe("flash-sale units spread over shards", () => {
  it("reserves two units for one buyer when each of two shards holds one", async () => {
    const [variant] = await stockedVariants(1, 38);
    if (!variant) throw new Error("no variant");
    const sale = await scheduleSale({ variantId: variant.id, salePrice: 99, allocation: 2, shards: 2, perCustomerMax: 2 });
    const both = await reserveUnits(sale.id, 2);
    expect(both).toMatchObject({ status: 201, reservation: { quantity: 2, unitPrice: 99 } });
    expect(await shardTotals(sale.id, 2)).toEqual({ available: 0, held: 2, confirmed: 0 });
    expect(await reserveUnits(sale.id, 1)).toMatchObject({ status: 409, code: "SOLD_OUT" });
  });

  it("tells a buyer of more units than are left 'sold out' without turning away a buyer of one", async () => {
    const [variant] = await stockedVariants(1, 39);
    if (!variant) throw new Error("no variant");
    const sale = await scheduleSale({ variantId: variant.id, salePrice: 77, allocation: 3, shards: 3, perCustomerMax: 3 });
    expect((await reserveUnits(sale.id, 1)).status).toBe(201);
    expect(await reserveUnits(sale.id, 3)).toMatchObject({ status: 409, code: "SOLD_OUT" });
    // Straight after, in the same isolate: the two units left are still on sale.
    expect((await reserveUnits(sale.id, 2)).status).toBe(201);
    expect(await shardTotals(sale.id, 3)).toEqual({ available: 0, held: 3, confirmed: 0 });
  });
});
