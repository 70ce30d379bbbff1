import type { Context } from "hono";
import type { CheckoutRequest } from "../../../contracts/orders/api.ts";
import type { ReservationClaims } from "../../../domain/flash-sale.ts";
import { AppError } from "../../../platform/errors.ts";
import { log } from "../../../platform/log.ts";
import { verifyReservation } from "../../../platform/reservation-token.ts";
import { cartStub } from "../cart/actions.ts";
import type { EdgeEnv } from "../types.ts";
import { settleAtShard } from "./shards.ts";

/**
 * A checkout that carries a flash-sale reservation: the edge checks the token it signed (a bad or
 * expired one is refused before the cart is held), prices the sale line at the reserved price for
 * orders to confirm, and right after orders' answer has the shard settle the reservation, so a
 * failed payment puts its units back on sale at once.
 */
export interface SaleReservation {
  token: string;
  claims: ReservationClaims;
}

export async function readReservation(c: Context<EdgeEnv>, token: string | undefined): Promise<SaleReservation | undefined> {
  if (token === undefined) return undefined;
  const check = await verifyReservation([c.env.EDGE_SIGNING_SECRET], token);
  if (!check.ok && check.reason === "expired") throw new AppError("RESERVATION_EXPIRED", "the flash-sale reservation has expired; reserve again", { field: "flashSaleReservation" });
  if (!check.ok) throw new AppError("RESERVATION_INVALID", "flashSaleReservation: not a valid reservation", { field: "flashSaleReservation" });
  return { token, claims: check.claims };
}

/** The order request with the sale line at the reserved price and the token for orders to verify. */
export function withReservation(request: CheckoutRequest, sale: SaleReservation | undefined): CheckoutRequest {
  if (!sale) return request;
  const line = request.lines.find((l) => l.variantId === sale.claims.variantId);
  const lines = request.lines.map((l) => (l === line ? { ...l, unitPrice: sale.claims.unitPrice } : l));
  // A cart that knew of the reservation priced the line at the sale price, so its total is what
  // this order costs and orders checks it. One that did not (the reservation was made elsewhere)
  // showed the regular price: then the price the shopper agreed to is the one signed into the
  // reservation, which orders checks, and the cart's total is not sent.
  if (line?.unitPrice === sale.claims.unitPrice) return { ...request, lines, flashSaleReservations: [sale.token] };
  const { expectedTotal: _cartTotal, ...rest } = request;
  return { ...rest, lines, flashSaleReservations: [sale.token] };
}

/** Never fails the checkout: a settle that does not happen now happens at the reservation's expiry. */
export async function settleAfterCheckout(c: Context<EdgeEnv>, sale: SaleReservation | undefined): Promise<void> {
  if (!sale) return;
  try {
    const outcome = await settleAtShard(c.env, sale.claims.saleId, sale.claims.reservationId);
    log("info", "flash-sale reservation settled", { requestId: c.get("requestId"), reservationId: sale.claims.reservationId, outcome });
    // Its units are on sale again: the cart shows the line at the regular price and checks out without it.
    // (Not held: given back, or bought, and then the cart was emptied anyway.)
    if (outcome === "released" || outcome === "not_held") await cartStub(c).forgetFlashSaleReservation(sale.token);
  } catch (err) {
    log("warn", "flash-sale reservation settle failed; its expiry will settle it", { requestId: c.get("requestId"), error: err instanceof Error ? err.message : String(err) });
  }
}
