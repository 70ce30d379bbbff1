import type { Context } from "hono";
import { holdSettlement } from "../../../domain/order-state.ts";
import { log } from "../../../platform/log.ts";
import type { Order } from "../../../regional-services/orders/contract.ts";
import { mergeGuestCart } from "../cart/merge-guest-cart.ts";
import { cartStub } from "../cart/actions.ts";
import { cartIdFor } from "../middleware/session.ts";
import type { EdgeEnv } from "../types.ts";
import { listOrders } from "./orders-api.ts";

/**
 * The cart stays held while its checkout is undecided. Once the order is paid the cart is
 * emptied; once payment failed or was cancelled it is let go untouched, so the shopper can try
 * another card. Every settlement names the hold's idempotency key: only the hold this very order
 * made is settled, and a newer checkout is left alone.
 */
export type HoldOutcome = "completed" | "released" | "held" | "not_held";

type CartStub = ReturnType<typeof cartStub>;

/**
 * The session's cart holding the checkout `idempotencyKey`: its own cart, or, for a shopper who
 * signed in while a guest checkout was held (its lines were left where they were), the guest cart.
 */
async function cartHolding(c: Context<EdgeEnv>, idempotencyKey: string): Promise<{ stub: CartStub; guest: boolean } | undefined> {
  const own = cartStub(c);
  if ((await own.checkoutState()).idempotencyKey === idempotencyKey) return { stub: own, guest: false };
  const session = c.get("session");
  if (!session.customerId) return undefined;
  const guest = c.env.CART.getByName(cartIdFor({ id: session.id }));
  return (await guest.checkoutState()).idempotencyKey === idempotencyKey ? { stub: guest, guest: true } : undefined;
}

/** Settles the cart hold `order` was placed under: emptied when sold, released when failed, kept while waiting. */
export async function settleCartHold(c: Context<EdgeEnv>, order: Order): Promise<HoldOutcome> {
  const holder = await cartHolding(c, order.idempotencyKey);
  if (!holder) return "not_held";
  const settlement = holdSettlement(order.status);
  if (settlement === "complete") {
    const done = await holder.stub.completeCheckout(order.idempotencyKey, order.id);
    if (!done.ok) log("warn", "cart hold could not be completed", { requestId: c.get("requestId"), orderId: order.id, code: done.code });
    return "completed";
  }
  if (settlement === "wait") return "held";
  await holder.stub.abortCheckout(order.idempotencyKey);
  if (holder.guest) await bringGuestLinesOver(c);
  return "released";
}

/** The guest checkout failed after sign-in: its lines join the customer's cart as a sign-in would have. */
async function bringGuestLinesOver(c: Context<EdgeEnv>): Promise<void> {
  const session = c.get("session");
  if (!session.customerId) return;
  try {
    await mergeGuestCart(c.env, session.id, session.customerId, c.get("requestId"));
  } catch (err) {
    log("warn", "guest cart could not join the customer's after its checkout failed", { requestId: c.get("requestId"), error: err instanceof Error ? err.message : String(err) });
  }
}

/** Lets go of the cart after orders refused the checkout `idempotencyKey` outright. */
export async function releaseCartHold(c: Context<EdgeEnv>, idempotencyKey: string): Promise<void> {
  await cartStub(c).abortCheckout(idempotencyKey);
}

/** A checkout still open on the shopper's cart: sending its key again continues it. */
export interface OpenCheckout {
  idempotencyKey: string;
  /** Its order, once one was placed; still waiting for its payment or for the shopper. */
  order?: Order;
}

/**
 * A held cart whose checkout went quiet (the shopper closed the tab at the extra payment step,
 * the edge lost the orders service's answer, or the payments feed settled it meanwhile): find the
 * order its key made and settle the hold. Returns the checkout still open, if there is one. A
 * lapsed hold is settled too (its order may have been paid late), but no longer counts as open
 * unless its order still waits.
 */
export async function reconcileCartHold(c: Context<EdgeEnv>): Promise<OpenCheckout | undefined> {
  const state = await cartStub(c).checkoutState();
  const key = state.idempotencyKey;
  if (!key) return undefined;
  const order = (await listOrders(c)).find((o) => o.idempotencyKey === key);
  if (order) return (await settleCartHold(c, order)) === "held" ? { idempotencyKey: key, order } : undefined;
  // No order under the key: the checkout failed before orders placed one, or is still on its way.
  return state.locked ? { idempotencyKey: key } : undefined;
}
