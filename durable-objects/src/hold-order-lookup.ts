import { orderByKeyRoute } from "../../contracts/orders/routes.ts";
import { isOrderStatus, type OrderStatus } from "../../domain/order-state.ts";
import { AppError } from "../../platform/errors.ts";
import { callRoute, type Transport } from "../../platform/route-client.ts";
import { signedFetch } from "../../platform/signed-fetch.ts";
import { serviceUrl } from "../../edge/src/regions.ts";

/**
 * The cart asking the orders service how its held checkout ended (GET /orders/by-key, declared in
 * contracts/orders/routes.ts). It runs in the same Worker as the edge, so it signs as the edge
 * does and reaches the same region, but has no request context (hence its own transport rather
 * than the edge's callServiceRoute). Never throws: anything but a clear answer is "unknown", and
 * the hold is simply asked about again.
 */
export type HoldOrderLookup = { kind: "order"; orderId: string; status: OrderStatus } | { kind: "none" } | { kind: "unknown" };

const LOOKUP_TIMEOUT_MS = 5_000;

export async function lookupHoldOrder(env: Env, cartId: string, idempotencyKey: string): Promise<HoldOrderLookup> {
  const transport: Transport = (method, pathWithQuery) =>
    signedFetch(env.EDGE_SIGNING_SECRET, serviceUrl(env, "orders"), pathWithQuery, { method, requestId: crypto.randomUUID(), timeoutMs: LOOKUP_TIMEOUT_MS });
  try {
    const { body } = await callRoute("orders", orderByKeyRoute, { query: { idempotencyKey, cartId } }, transport);
    return isOrderStatus(body.order.status) ? { kind: "order", orderId: body.order.id, status: body.order.status } : { kind: "unknown" };
  } catch (err) {
    // Orders' 404 is the one definite "no order": the checkout never placed one.
    return err instanceof AppError && err.status === 404 ? { kind: "none" } : { kind: "unknown" };
  }
}
