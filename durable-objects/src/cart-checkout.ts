import { fail } from "../../domain/cart.ts";
import type { CartOperations } from "./cart-operations.ts";
import type { CartStore } from "./cart-store.ts";
import { lockState, NO_LOCK } from "./cart-lock.ts";
import type { BeginCheckoutResult, CartResult, CheckoutSnapshot, CheckoutState } from "./cart-results.ts";

/**
 * The checkout hold. Starting a checkout freezes the cart and returns its snapshot; the same
 * idempotency key gets the very same snapshot back (a retried request must build the same
 * order), a different key is refused while the hold lasts.
 */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

export function beginCheckout(store: CartStore, ops: CartOperations, idempotencyKey: string, now: number): BeginCheckoutResult {
  if (typeof idempotencyKey !== "string" || idempotencyKey.length === 0 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    return fail("INVALID_ARGUMENT", `idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`, "idempotencyKey");
  }
  const meta = store.meta();
  if (meta.checkoutKey === idempotencyKey && meta.checkoutSnapshot) {
    return { ok: true, resumed: true, snapshot: JSON.parse(meta.checkoutSnapshot) as CheckoutSnapshot };
  }
  if (lockState(meta, now) === "active") {
    return fail("CHECKOUT_IN_PROGRESS", "another checkout of this cart is in progress");
  }
  const view = ops.view(undefined, true);
  if (view.lines.length === 0) return fail("CART_EMPTY", "the cart is empty");
  const snapshot: CheckoutSnapshot = {
    ...view,
    idempotencyKey,
    startedAt: now,
    promotionCodes: view.promotions.filter((p) => p.applied).map((p) => p.code),
  };
  store.updateMeta({ checkoutKey: idempotencyKey, checkoutSnapshot: JSON.stringify(snapshot), checkoutStartedAt: now });
  return { ok: true, resumed: false, snapshot };
}

/** Empties the cart once the order exists. Completing the same order twice is a no-op. */
export function completeCheckout(store: CartStore, ops: CartOperations, orderId: string): CartResult {
  if (typeof orderId !== "string" || orderId.length === 0) return fail("INVALID_ARGUMENT", "orderId is required", "orderId");
  const meta = store.meta();
  if (meta.checkoutKey === null) {
    if (meta.lastOrderId === orderId) return { ok: true, cart: ops.view() };
    return fail("NO_CHECKOUT", "no checkout of this cart is in progress");
  }
  store.clearContents();
  store.updateMeta({ ...NO_LOCK, lastOrderId: orderId, currency: null, warnings: [] });
  return { ok: true, cart: ops.view() };
}

/** Lets go of the cart, lines untouched (payment declined, shopper went back). */
export function abortCheckout(store: CartStore, ops: CartOperations): CartResult {
  if (store.meta().checkoutKey !== null) store.updateMeta(NO_LOCK);
  return { ok: true, cart: ops.view() };
}

export function checkoutState(store: CartStore, now: number): CheckoutState {
  const meta = store.meta();
  const locked = lockState(meta, now) === "active";
  return {
    locked,
    idempotencyKey: locked ? meta.checkoutKey : null,
    startedAt: locked ? meta.checkoutStartedAt : null,
    lastOrderId: meta.lastOrderId,
  };
}
