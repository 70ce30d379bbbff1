import { settleReservationRoute } from "../../contracts/flash-sales/routes.ts";
import type { ReservationOutcome } from "../../domain/flash-sale.ts";
import { callRoute, type Transport } from "../../platform/route-client.ts";
import { signedFetch } from "../../platform/signed-fetch.ts";
import { serviceUrl } from "../../edge/src/regions.ts";

/**
 * The StockObject asking orders how a reservation ended (POST /flash-sales/reservations/{id}/settle,
 * contracts/flash-sales/routes.ts), signed as the edge signs, like hold-order-lookup.ts does for
 * carts. Orders closes an unused reservation for good before it answers "released", so units
 * given back can never also be bought with the old reservation. Never throws: anything but a
 * clear answer is "unknown", and the object asks again later.
 */
const SETTLE_TIMEOUT_MS = 5_000;

export async function settleWithOrders(env: Env, reservationId: string): Promise<ReservationOutcome | "unknown"> {
  const transport: Transport = (method, pathWithQuery) =>
    signedFetch(env.EDGE_SIGNING_SECRET, serviceUrl(env, "orders"), pathWithQuery, { method, requestId: crypto.randomUUID(), timeoutMs: SETTLE_TIMEOUT_MS });
  try {
    const { body } = await callRoute("orders", settleReservationRoute, { params: { id: reservationId } }, transport);
    return body.outcome;
  } catch {
    return "unknown";
  }
}
