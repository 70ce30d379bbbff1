import { MAX_IDEMPOTENCY_KEY_LENGTH } from "../../contracts/limits.ts";
import { fail } from "../../domain/cart.ts";
import type { CartOperations } from "./cart-operations.ts";
import type { CartStore } from "./cart-store.ts";
import { lockState, NO_LOCK } from "./cart-lock.ts";
import type { BeginCheckoutResult, CartFailure, CartResult, CheckoutSnapshot, CheckoutState } from "./cart-results.ts";

/**
 * The checkout hold. Starting a checkout freezes the cart and returns its snapshot; the same
 * idempotency key gets the very same snapshot back (a retried request must build the same
 * order), a different key is refused while the hold lasts.
 */

/** The refusal for a key no checkout could have been started with, if `idempotencyKey` is one. */
function badKey(idempotencyKey: unknown): CartFailure | undefined {
  if (typeof idempotencyKey === "string" && idempotencyKey.length > 0 && idempotencyKey.length <= MAX_IDEMPOTENCY_KEY_LENGTH) return undefined;
  return fail("INVALID_ARGUMENT", `idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`, "idempotencyKey");
}

export function beginCheckout(store: CartStore, ops: CartOperations, idempotencyKey: string, now: number): BeginCheckoutResult {
  const invalid = badKey(idempotencyKey);
  if (invalid) return invalid;
  const meta = store.meta();
  if (meta.checkoutKey === idempotencyKey && meta.checkoutSnapshot) {
    // A retry of a lapsed hold holds the cart again while it runs: its order may be paid now.
    if (lockState(meta, now) === "lapsed") store.updateMeta({ checkoutStartedAt: now });
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
    promotionCodes: view.promotions.flatMap((p) => (p.applied && p.code !== null ? [p.code] : [])),
  };
  store.updateMeta({ checkoutKey: idempotencyKey, checkoutSnapshot: JSON.stringify(snapshot), checkoutStartedAt: now });
  return { ok: true, resumed: false, snapshot };
}

function noHold(idempotencyKey: string): CartFailure {
  return fail("NO_CHECKOUT", `this cart is not held by the checkout ${idempotencyKey}`);
}

/**
 * Empties the cart once the order of the hold `idempotencyKey` is sold. Only that hold's own
 * order may: a late answer for an older checkout leaves a newer one alone. A lapsed hold is
 * still settled, as long as the cart has not changed since (a change forgets the hold).
 * Completing the same order twice is a no-op.
 */
export function completeCheckout(store: CartStore, ops: CartOperations, idempotencyKey: string, orderId: string): CartResult {
  const invalid = badKey(idempotencyKey);
  if (invalid) return invalid;
  if (typeof orderId !== "string" || orderId.length === 0) return fail("INVALID_ARGUMENT", "orderId is required", "orderId");
  const meta = store.meta();
  if (meta.checkoutKey === idempotencyKey) {
    store.clearContents();
    store.updateMeta({ ...NO_LOCK, lastOrderId: orderId, currency: null, warnings: [] });
    return { ok: true, cart: ops.view() };
  }
  if (meta.lastOrderId === orderId) return { ok: true, cart: ops.view() };
  return noHold(idempotencyKey);
}

/**
 * Lets go of the cart, lines untouched (payment declined, order refused), but only if the hold
 * is `idempotencyKey`'s: a failing duplicate must not free the hold of a checkout still in flight.
 */
export function abortCheckout(store: CartStore, ops: CartOperations, idempotencyKey: string): CartResult {
  const invalid = badKey(idempotencyKey);
  if (invalid) return invalid;
  if (store.meta().checkoutKey !== idempotencyKey) return noHold(idempotencyKey);
  store.updateMeta(NO_LOCK);
  return { ok: true, cart: ops.view() };
}

/** The hold still to be settled: active, or lapsed with the cart unchanged since. */
export function checkoutState(store: CartStore, now: number): CheckoutState {
  const meta = store.meta();
  const lock = lockState(meta, now);
  return {
    locked: lock === "active",
    lapsed: lock === "lapsed",
    idempotencyKey: meta.checkoutKey,
    startedAt: meta.checkoutStartedAt,
    lastOrderId: meta.lastOrderId,
  };
}
