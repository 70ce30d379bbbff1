import { fail } from "../../domain/cart.ts";
import type { CartMeta } from "./cart-store.ts";
import type { CartFailure } from "./cart-results.ts";
import { CHECKOUT_LOCK_TTL_MS } from "../../contracts/limits.ts";

/**
 * A checkout holds the cart so the order is built from exactly what the shopper saw. A lock
 * older than CHECKOUT_LOCK_TTL_MS lapses: the cart can change again and a new checkout may start.
 * A lapsed hold is still remembered (and can still be settled by its key) until the cart changes.
 */
export { CHECKOUT_LOCK_TTL_MS };

export type LockState = "none" | "active" | "lapsed";

export function lockState(meta: Pick<CartMeta, "checkoutKey" | "checkoutStartedAt">, now: number): LockState {
  if (meta.checkoutKey === null) return "none";
  return now - (meta.checkoutStartedAt ?? 0) < CHECKOUT_LOCK_TTL_MS ? "active" : "lapsed";
}

export function cartLocked(): CartFailure {
  return fail("CART_LOCKED", "this cart is being checked out; finish or cancel the checkout to change it");
}

export const NO_LOCK: Pick<CartMeta, "checkoutKey" | "checkoutSnapshot" | "checkoutStartedAt"> = {
  checkoutKey: null,
  checkoutSnapshot: null,
  checkoutStartedAt: null,
};
