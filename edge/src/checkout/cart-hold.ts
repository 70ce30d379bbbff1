import type { Context } from "hono";
import { holdSettlement } from "../../../domain/order-state.ts";
import { log } from "../../../platform/log.ts";
import type { Order } from "../../../contracts/orders/api.ts";
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
  const settlement = holdSettlement(order.status);
  if (settlement === "wait") return (await cartHolding(c, order.idempotencyKey)) ? "held" : "not_held";
  // Both settling calls are guarded by the key, so the session's own cart (nearly always the
  // holder) is simply asked first, with no state read before: one object call per checkout.
  const own = await settleOn(cartStub(c), settlement, order);
  if (own !== "NO_CHECKOUT") return finish(c, settlement, order, own, false);
  const session = c.get("session");
  if (!session.customerId) return "not_held";
  const guest = await settleOn(c.env.CART.getByName(cartIdFor({ id: session.id })), settlement, order);
  return guest === "NO_CHECKOUT" ? "not_held" : finish(c, settlement, order, guest, true);
}

/** Completes or releases `stub`'s hold by the order's key: ok, NO_CHECKOUT (not its hold), or another refusal. */
async function settleOn(stub: CartStub, settlement: "complete" | "release", order: Order): Promise<string> {
  const done = settlement === "complete" ? await stub.completeCheckout(order.idempotencyKey, order.id) : await stub.abortCheckout(order.idempotencyKey);
  return done.ok ? "ok" : done.code;
}

async function finish(c: Context<EdgeEnv>, settlement: "complete" | "release", order: Order, result: string, guest: boolean): Promise<HoldOutcome> {
  if (result !== "ok") log("warn", `cart hold could not be ${settlement === "complete" ? "completed" : "released"}`, { requestId: c.get("requestId"), orderId: order.id, code: result });
  if (settlement === "complete") return "completed";
  if (guest) await bringGuestLinesOver(c);
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
