import type { Context } from "hono";
import type { ReserveResult } from "../../../durable-objects/src/stock-object.ts";
import type { ReservationView } from "../../../contracts/flash-sales/reservation.ts";
import { salePhase, type ReservationClaims } from "../../../domain/flash-sale.ts";
import type { Currency } from "../../../domain/money.ts";
import { AppError, notFound } from "../../../platform/errors.ts";
import { signReservation } from "../../../platform/reservation-token.ts";
import { log } from "../../../platform/log.ts";
import { cartStub } from "../cart/actions.ts";
import type { EdgeEnv } from "../types.ts";
import { flashSaleById } from "./sale.ts";
import { reserveFromShards } from "./shards.ts";

/**
 * POST /api/flash-sales/{id}/reserve as steps: the sale from the edge cache, its phase, units from
 * a shard, and the reservation signed as a token orders can verify on its own. Nothing here
 * reaches a regional service unless the sale's definition is not cached yet.
 */
const REFUSALS: Record<Exclude<ReserveResult, { ok: true }>["code"], () => AppError> = {
  SOLD_OUT: () => new AppError("SOLD_OUT", "sold out: every unit of this flash sale is reserved or sold"),
  FLASH_SALE_LIMIT_REACHED: () => new AppError("FLASH_SALE_LIMIT_REACHED", "you already hold as many units of this flash sale as one customer may"),
  UNAVAILABLE: () => new AppError("UNAVAILABLE", "this flash sale has ended"),
  INVALID_ARGUMENT: () => new AppError("INVALID_ARGUMENT", "the reservation request was not valid"),
};

export function buyerKeyOf(c: Context<EdgeEnv>): string {
  const session = c.get("session");
  return session.customerId ?? session.id;
}

/**
 * The shopper's cart learns the reservation, so the reserved line shows the sale price checkout
 * will charge and checkout carries the token. The reservation holds without it (the token is also
 * answered to the shopper), so a failure here costs only the cart's display.
 */
async function tellCart(c: Context<EdgeEnv>, claims: ReservationClaims, token: string): Promise<void> {
  const { variantId, quantity, currency, unitPrice, expiresAt } = claims;
  try {
    await cartStub(c).noteFlashSaleReservation({ variantId, quantity, currency, unitPrice, expiresAt, token });
  } catch (err) {
    log("warn", "flash-sale reservation not noted on the cart", { requestId: c.get("requestId"), reservationId: claims.reservationId, error: err instanceof Error ? err.message : String(err) });
  }
}

export async function reserveFlashSale(c: Context<EdgeEnv>, saleId: string, quantity: number, currency: Currency): Promise<{ reservation: ReservationView; approximateLeft: number }> {
  const sale = await flashSaleById(c, saleId);
  if (!sale) throw notFound(`no flash sale ${saleId}`);
  const phase = salePhase(sale, Date.now());
  if (phase !== "live") throw new AppError("UNAVAILABLE", phase === "upcoming" ? "this flash sale has not started yet" : `this flash sale is ${phase}`, { startsAt: new Date(sale.startsAt).toISOString() });
  if (quantity > sale.perCustomerMax) throw REFUSALS.FLASH_SALE_LIMIT_REACHED();
  // The shopper's currency when the sale has a price in it, else the sale's first currency.
  const priced = sale.prices[currency] !== undefined ? currency : (Object.keys(sale.prices)[0] as Currency | undefined);
  const unitPrice = priced === undefined ? undefined : sale.prices[priced];
  if (priced === undefined || unitPrice === undefined) throw new AppError("UNAVAILABLE", "this flash sale has no price");
  const buyerKey = buyerKeyOf(c);
  const result = await reserveFromShards(c.env, sale, buyerKey, quantity);
  if (!result.ok) throw REFUSALS[result.code]();
  const claims: ReservationClaims = { reservationId: result.reservationId, saleId: sale.id, variantId: sale.variantId, quantity, buyerKey, currency: priced, unitPrice, expiresAt: result.expiresAt };
  const token = await signReservation(c.env.EDGE_SIGNING_SECRET, claims);
  await tellCart(c, claims, token);
  const { buyerKey: _buyer, ...shown } = claims;
  return { reservation: { ...shown, token, expiresAt: new Date(claims.expiresAt).toISOString() }, approximateLeft: result.left };
}
