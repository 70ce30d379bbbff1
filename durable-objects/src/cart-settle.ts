import { holdSettlement } from "../../domain/order-state.ts";
import { abortCheckout, completeCheckout } from "./cart-checkout.ts";
import { lockState } from "./cart-lock.ts";
import type { CartOperations } from "./cart-operations.ts";
import type { CartStore } from "./cart-store.ts";
import type { HoldOrderLookup } from "./hold-order-lookup.ts";

/**
 * A cart settles its own checkout hold. The edge normally settles it from the checkout's answer,
 * but that answer can be lost (a timeout, a 5xx) or come before the payment is decided (the extra
 * payment step, confirmed later by a webhook or in another tab). So while a hold is open the cart
 * asks orders about the hold's order, on its alarm and when it is viewed, and then:
 *
 *   order sold ──▶ complete (empty the cart)     order unpaid (cancelled, failed) ──▶ release
 *   order pending, or no answer ──▶ ask again later
 *   no order under the key ──▶ ask again while the hold is in force; release it once it lapsed
 *     (by then any request under the key has long ended; a retry holds the cart afresh)
 */
export type SettleOutcome = "completed" | "released" | "held" | "not_held";

/** How long after a hold begins (or was last asked about) the alarm asks orders about it. */
export const SETTLE_CHECK_MS = 30_000;
/** After the first minutes an undecided payment is rarely decided soon: ask less often. */
export const SETTLE_CHECK_LATER_MS = 2 * 60_000;
const SETTLE_CHECK_BACKOFF_AFTER_MS = 10 * 60_000;

/** When the alarm should next ask about a hold that began at `startedAt`. */
export function nextSettleCheck(startedAt: number | null, now: number): number {
  const age = now - (startedAt ?? now);
  return now + (age < SETTLE_CHECK_BACKOFF_AFTER_MS ? SETTLE_CHECK_MS : SETTLE_CHECK_LATER_MS);
}

/**
 * Applies what orders said about the hold `idempotencyKey`. Synchronous, and run after the lookup's
 * await, so it re-reads the hold: one settled or replaced meanwhile is left alone ("not_held").
 */
export function settleHold(store: CartStore, ops: CartOperations, idempotencyKey: string, found: HoldOrderLookup, now: number): SettleOutcome {
  const meta = store.meta();
  if (meta.checkoutKey !== idempotencyKey) return "not_held";
  if (found.kind === "order") {
    const settlement = holdSettlement(found.status);
    if (settlement === "complete") return completeCheckout(store, ops, idempotencyKey, found.orderId).ok ? "completed" : "held";
    if (settlement === "release") return abortCheckout(store, ops, idempotencyKey).ok ? "released" : "held";
    return "held";
  }
  if (found.kind === "none" && lockState(meta, now) === "lapsed") return abortCheckout(store, ops, idempotencyKey).ok ? "released" : "held";
  return "held";
}
