import { isOrderStatus, type OrderStatus } from "../../domain/order-state.ts";
import { signedFetch } from "../../platform/signed-fetch.ts";
import { serviceUrl } from "../../edge/src/regions.ts";
import type { OrderResponse } from "../../regional-services/orders/contract.ts";

/**
 * The cart asking the orders service how its held checkout ended (GET /orders/by-key). It runs
 * in the same Worker as the edge, so it signs as the edge does and reaches the same region.
 * Never throws: anything but a clear answer is "unknown", and the hold is simply asked about again.
 */
export type HoldOrderLookup = { kind: "order"; orderId: string; status: OrderStatus } | { kind: "none" } | { kind: "unknown" };

const LOOKUP_TIMEOUT_MS = 5_000;

export async function lookupHoldOrder(env: Env, cartId: string, idempotencyKey: string): Promise<HoldOrderLookup> {
  try {
    const query = new URLSearchParams({ idempotencyKey, cartId });
    const res = await signedFetch(env.EDGE_SIGNING_SECRET, serviceUrl(env, "orders"), `/orders/by-key?${query}`, {
      requestId: crypto.randomUUID(),
      timeoutMs: LOOKUP_TIMEOUT_MS,
    });
    if (res.status === 404) {
      await res.body?.cancel();
      return { kind: "none" };
    }
    if (!res.ok) {
      await res.body?.cancel();
      return { kind: "unknown" };
    }
    const { order } = await res.json<OrderResponse>();
    return isOrderStatus(order.status) ? { kind: "order", orderId: order.id, status: order.status } : { kind: "unknown" };
  } catch {
    return { kind: "unknown" };
  }
}
