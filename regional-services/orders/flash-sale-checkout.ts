import { and, eq, notInArray, sql } from "drizzle-orm";
import type { CheckoutRequest } from "../../contracts/orders/api.ts";
import { reservationOutcome, salePhase, withinCustomerMax, type ReservationClaims } from "../../domain/flash-sale.ts";
import type { Offer } from "../../domain/checkout.ts";
import { AppError } from "../../platform/errors.ts";
import { verifyReservation } from "../../platform/reservation-token.ts";
import type { SettleAnswer } from "../../contracts/flash-sales/reservation.ts";
import type { OrdersDb, OrdersTx } from "./db.ts";
import { flashSaleReservations, flashSales, orders } from "./schema.ts";

/**
 * Flash-sale reservations at checkout, authoritatively: the edge-signed token is verified here
 * (no call to the StockObject), the sale's price, window and per-customer maximum come from this
 * service's replica, and the reservation id is written in the order's transaction under a
 * primary key, so one reservation makes at most one order, and none once it was settled unused.
 */
export interface SaleLine {
  claims: ReservationClaims;
  saleId: string;
}

export interface FlashSaleCheckout {
  lines: SaleLine[];
  /** Sale unit prices by variant, for re-pricing the request's lines. */
  prices: Map<string, number>;
  buyerKey: string;
}

const NOT_KEPT = ["payment_failed", "cancelled"];

const invalid = (index: number, message: string) =>
  new AppError("RESERVATION_INVALID", `flashSaleReservations.${index}: ${message}`, { field: `flashSaleReservations.${index}` });

/** Who the authoritative per-customer maximum counts for: the customer when signed in, else the session. */
export function buyerKeyOf(request: CheckoutRequest): string {
  return request.owner.customerId ?? request.owner.sessionId;
}

/**
 * Checks every reservation the request carries, in the checkout transaction, before pricing.
 * Throws the 400/409 the shopper must resolve; answers the sale prices to price the lines at.
 */
export async function checkFlashSaleReservations(tx: OrdersTx, request: CheckoutRequest, secrets: readonly string[], now = Date.now()): Promise<FlashSaleCheckout> {
  const buyerKey = buyerKeyOf(request);
  const result: FlashSaleCheckout = { lines: [], prices: new Map(), buyerKey };
  const tokens = request.flashSaleReservations ?? [];
  for (const [index, token] of tokens.entries()) {
    const check = await verifyReservation(secrets, token, now);
    if (!check.ok && check.reason === "expired") throw new AppError("RESERVATION_EXPIRED", `flashSaleReservations.${index}: the reservation has expired; reserve again`, { field: `flashSaleReservations.${index}` });
    if (!check.ok) throw invalid(index, "not a valid reservation");
    const { claims } = check;
    const owner = request.owner;
    if (claims.buyerKey !== owner.sessionId && claims.buyerKey !== owner.customerId) throw invalid(index, "the reservation was made by another shopper");
    if (claims.currency !== request.currency) throw invalid(index, `the reservation is in ${claims.currency}, the checkout in ${request.currency}`);
    const line = request.lines.find((l) => l.variantId === claims.variantId);
    if (!line) throw invalid(index, `the order has no line for ${claims.variantId}`);
    if (line.quantity !== claims.quantity) throw invalid(index, `the reservation is for ${claims.quantity}, the line for ${line.quantity}`);
    if (result.prices.has(claims.variantId)) throw invalid(index, `a second reservation for ${claims.variantId}`);
    const [sale] = await tx.select().from(flashSales).where(eq(flashSales.id, claims.saleId));
    if (!sale || sale.variantId !== claims.variantId) throw invalid(index, `no flash sale ${claims.saleId} for ${claims.variantId}`);
    if (salePhase({ startsAt: sale.startsAt.getTime(), endsAt: sale.endsAt.getTime(), status: sale.status === "cancelled" ? "cancelled" : "scheduled" }, now) !== "live") {
      throw new AppError("UNAVAILABLE", `flash sale ${sale.id} is not on now`, { saleId: sale.id });
    }
    const price = sale.prices[request.currency];
    if (price === undefined) throw invalid(index, `flash sale ${sale.id} has no ${request.currency} price`);
    if (price !== claims.unitPrice) throw new AppError("PRICE_CHANGED", `the sale price of ${claims.variantId} changed`, { changes: [{ variantId: claims.variantId, unitPrice: price }] });
    // One buyer's checkouts for one sale queue here, so two of them cannot both pass the maximum.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`flash-sale:${sale.id}:${buyerKey}`}))`);
    if (!withinCustomerMax(await unitsHeld(tx, sale.id, buyerKey), claims.quantity, sale.perCustomerMax)) {
      throw new AppError("FLASH_SALE_LIMIT_REACHED", `at most ${sale.perCustomerMax} of this flash sale per customer`, { saleId: sale.id, perCustomerMax: sale.perCustomerMax });
    }
    result.lines.push({ claims, saleId: sale.id });
    result.prices.set(claims.variantId, price);
  }
  return result;
}

/** Units this buyer has in orders of the sale that are paid or still awaiting payment. */
async function unitsHeld(tx: OrdersTx, saleId: string, buyerKey: string): Promise<number> {
  const [row] = await tx
    .select({ units: sql<number>`coalesce(sum(${flashSaleReservations.quantity}), 0)::int` })
    .from(flashSaleReservations)
    .innerJoin(orders, eq(orders.id, flashSaleReservations.orderId))
    .where(and(eq(flashSaleReservations.saleId, saleId), eq(flashSaleReservations.buyerKey, buyerKey), notInArray(orders.status, NOT_KEPT)));
  return row?.units ?? 0;
}

/** The offers with the sale variants priced at their sale price in `currency`. */
export function withSalePrices(offers: Map<string, Offer>, prices: ReadonlyMap<string, number>, currency: string): Map<string, Offer> {
  if (prices.size === 0) return offers;
  const priced = new Map(offers);
  for (const [variantId, price] of prices) {
    const offer = priced.get(variantId);
    if (offer) priced.set(variantId, { ...offer, prices: { ...offer.prices, [currency]: price } });
  }
  return priced;
}

/**
 * Writes the reservations against `orderId`. A reservation already used or settled unused is the
 * primary key's conflict: then the whole checkout is refused (the transaction rolls back).
 */
export async function recordReservations(tx: OrdersTx, sale: FlashSaleCheckout, orderId: string): Promise<void> {
  if (sale.lines.length === 0) return;
  const rows = sale.lines.map(({ claims, saleId }) => ({ reservationId: claims.reservationId, saleId, orderId, buyerKey: sale.buyerKey, quantity: claims.quantity }));
  const inserted = await tx.insert(flashSaleReservations).values(rows).onConflictDoNothing().returning({ id: flashSaleReservations.reservationId });
  if (inserted.length !== rows.length) {
    throw new AppError("RESERVATION_EXPIRED", "the flash-sale reservation was already used or has been given back; reserve again", { field: "flashSaleReservations" });
  }
}

/**
 * How reservation `id` ended. One that no order used is closed here for good (a row without an
 * order) before "released" is answered, so its units can be sold again without a late checkout
 * also using it: that checkout meets the row and is refused.
 */
export async function settleReservation(db: OrdersDb, id: string): Promise<SettleAnswer> {
  return db.transaction(async (tx) => {
    await tx.insert(flashSaleReservations).values({ reservationId: id }).onConflictDoNothing();
    const [row] = await tx
      .select({ orderId: flashSaleReservations.orderId, status: orders.status })
      .from(flashSaleReservations)
      .leftJoin(orders, eq(orders.id, flashSaleReservations.orderId))
      .where(eq(flashSaleReservations.reservationId, id));
    const orderId = row?.orderId ?? null;
    return { reservationId: id, outcome: reservationOutcome(orderId === null ? null : (row?.status ?? null)), orderId };
  });
}
