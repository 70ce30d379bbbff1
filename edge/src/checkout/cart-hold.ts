import type { Context } from "hono";
import { log } from "../../../platform/log.ts";
import type { Order } from "../../../regional-services/orders/contract.ts";
import { cartStub } from "../cart/actions.ts";
import type { EdgeEnv } from "../types.ts";
import { listOrders } from "./orders-api.ts";

/**
 * The cart stays held while its checkout is undecided. Once the order is paid the cart is
 * emptied; once payment failed or was cancelled it is let go untouched, so the shopper can try
 * another card. Only the hold this very order made is settled: a newer checkout is left alone.
 */
export type HoldOutcome = "completed" | "released" | "held" | "not_held";

const SOLD: readonly Order["status"][] = ["paid", "fulfilled", "delivered", "refunded", "partially_refunded"];

/** Settles the cart hold `order` was placed under: emptied when sold, released when failed, kept while waiting. */
export async function settleCartHold(c: Context<EdgeEnv>, order: Order): Promise<HoldOutcome> {
  const stub = cartStub(c);
  const state = await stub.checkoutState();
  if (!state.locked || state.idempotencyKey !== order.idempotencyKey) return "not_held";
  if (SOLD.includes(order.status)) {
    const done = await stub.completeCheckout(order.id);
    if (!done.ok) log("warn", "cart hold could not be completed", { requestId: c.get("requestId"), orderId: order.id, code: done.code });
    return "completed";
  }
  if (order.status === "pending_payment") return "held";
  await stub.abortCheckout();
  return "released";
}

/** Lets go of the cart after a checkout that failed before any order could be settled. */
export async function releaseCartHold(c: Context<EdgeEnv>): Promise<void> {
  await cartStub(c).abortCheckout();
}

/**
 * A held cart whose checkout went quiet (the shopper closed the tab at the extra payment step,
 * or the payments feed settled it meanwhile): find the order its key made and settle the hold.
 * Returns the order still waiting on the shopper, if there is one.
 */
export async function reconcileCartHold(c: Context<EdgeEnv>): Promise<Order | undefined> {
  const state = await cartStub(c).checkoutState();
  if (!state.locked || !state.idempotencyKey) return undefined;
  const order = (await listOrders(c)).find((o) => o.idempotencyKey === state.idempotencyKey);
  if (!order) return undefined;
  return (await settleCartHold(c, order)) === "held" ? order : undefined;
}
