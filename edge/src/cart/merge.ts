import type { CartView } from "../../../domain/cart-view.ts";
import type { Session } from "../types.ts";
import { cartIdFor } from "../middleware/session.ts";
import type { MergeFromResult } from "../../../durable-objects/src/cart-results.ts";

/**
 * Sign-in: the guest's cart is folded into the customer's. Safe to call more than once and
 * concurrently (two tabs signing in at once): the customer's cart applies each source cart once.
 * The guest cart is left as it was; it expires on its own.
 */
export async function mergeGuestCart(env: Env, guest: Session, customer: Session): Promise<MergeFromResult> {
  const fromId = cartIdFor(guest);
  const toId = cartIdFor(customer);
  const target = env.CART.getByName(toId);
  if (fromId === toId) return { ok: true, merged: false, cart: await target.view() };
  const source: CartView = await env.CART.getByName(fromId).view();
  if (source.lines.length === 0) return { ok: true, merged: false, cart: await target.view() };
  return target.mergeFrom(fromId, source.lines, source.currency);
}
