import { env } from "cloudflare:workers";
import type { FlashSaleWire } from "../../contracts/flash-sales/definition.ts";
import type { ReservationView } from "../../contracts/flash-sales/reservation.ts";
import { Shopper, type ErrorJson } from "./cart-fixtures.ts";
import { addToCart, checkout, checkoutBody, ordersCaughtUp } from "./checkout-fixtures.ts";
import { merchantApi } from "./admin-fixtures.ts";

/**
 * Flash-sale specs: the sale is scheduled through the admin API (an API token) and reaches
 * orders through the real feed; shoppers reserve and check out through the real Worker.
 */
export async function scheduleSale(input: { variantId: string; salePrice: number; allocation: number; shards: number; perCustomerMax?: number; startsInMs?: number }): Promise<FlashSaleWire> {
  const now = Date.now();
  const res = await merchantApi("POST", "/merchant/flash-sales", {
      variantId: input.variantId,
      salePrices: { USD: input.salePrice },
      allocation: input.allocation,
      startsAt: new Date(now + (input.startsInMs ?? -1_000)).toISOString(),
      endsAt: new Date(now + Math.max(0, input.startsInMs ?? 0) + 60 * 60_000).toISOString(),
      perCustomerMax: input.perCustomerMax ?? 1,
      shards: input.shards,
  });
  if (res.status !== 201) throw new Error(`POST /merchant/flash-sales answered ${res.status}: ${await res.text()}`);
  const { flashSale } = await res.json<{ flashSale: FlashSaleWire }>();
  // Checkout prices the sale from orders' replica: wait until the feed has brought it there.
  await ordersCaughtUp(30_000);
  return flashSale;
}

export type Reserved = { kind: "reserved"; shopper: Shopper; reservation: ReservationView } | { kind: "refused"; status: number; code: string };

export async function reserve(saleId: string, shopper = new Shopper()): Promise<Reserved> {
  const res = await shopper.json(`/api/flash-sales/${saleId}/reserve`, "POST", { quantity: 1 });
  if (res.status === 201) return { kind: "reserved", shopper, reservation: (await res.json<{ reservation: ReservationView }>()).reservation };
  return { kind: "refused", status: res.status, code: (await res.json<ErrorJson>()).error.code };
}

export interface Bought {
  status: number;
  orderStatus?: string;
  code?: string;
  unitPrice?: number;
}

/**
 * Puts the reserved item in the cart and checks out with `card` and the reservation's token. A
 * 503 is retried with the same Idempotency-Key, as the API asks every client to: a crowd of
 * checkouts on a small test machine can outrun the regional services for a moment.
 */
export async function buy(shopper: Shopper, reservation: ReservationView, card: string): Promise<Bought> {
  await addToCart(shopper, reservation.variantId, reservation.quantity);
  const key = crypto.randomUUID();
  let res = await checkout(shopper, key, checkoutBody(card, { flashSaleReservation: reservation.token }));
  for (let attempt = 1; res.status === 503 && attempt < 20; attempt++) {
    await res.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 500 * Math.min(attempt, 4)));
    res = await checkout(shopper, key, checkoutBody(card, { flashSaleReservation: reservation.token }));
  }
  const body = await res.json<{ order?: { status: string; lines: { unitPrice: number }[] }; error?: { code: string } }>();
  return { status: res.status, orderStatus: body.order?.status, code: body.error?.code, unitPrice: body.order?.lines[0]?.unitPrice };
}

/** The sale's StockObjects, summed: what they hold, have given out and have sold. */
export async function shardTotals(saleId: string, shards: number) {
  const all = await Promise.all(Array.from({ length: shards }, (_, i) => env.STOCK.getByName(`${saleId}:${i}`).status()));
  return all.reduce((t, s) => ({ available: t.available + s.available, held: t.held + s.held, confirmed: t.confirmed + s.confirmed }), { available: 0, held: 0, confirmed: 0 });
}
