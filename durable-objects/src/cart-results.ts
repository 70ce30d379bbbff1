import type { Failure, LineFailureCode } from "../../domain/cart.ts";
import type { ContactFailureCode } from "../../domain/cart-contact.ts";
import type { SellableVariant } from "../../domain/catalog.ts";
import type { CartView } from "../../domain/cart-view.ts";
import type { Currency } from "../../domain/money.ts";

/**
 * What the CartObject's RPC methods return. Everything is plain data: errors thrown across RPC
 * lose their properties, so expected refusals are values with a code, a message and, where it
 * applies, the request field they are about.
 */
export type CartFailureCode =
  | LineFailureCode
  | ContactFailureCode
  | "CURRENCY_MISMATCH"
  | "PROMOTION_NOT_FOUND"
  | "PROMOTION_NOT_APPLICABLE"
  | "TOO_MANY_PROMOTIONS"
  | "CART_LOCKED"
  | "CHECKOUT_IN_PROGRESS"
  | "CART_EMPTY"
  | "NO_CHECKOUT"
  | "INVALID_ARGUMENT";

export type CartFailure = Failure<CartFailureCode>;

export type CartResult = { ok: true; cart: CartView } | CartFailure;

export interface AddItemInput {
  variant: SellableVariant;
  quantity: number;
  /** The shopper's currency; used only if this add fixes the cart's currency (first line). */
  currency: Currency;
}

/** The cart as it was when checkout began: what the order is built from. */
export interface CheckoutSnapshot extends CartView {
  idempotencyKey: string;
  startedAt: number;
  promotionCodes: string[];
}

export type BeginCheckoutResult = { ok: true; resumed: boolean; snapshot: CheckoutSnapshot } | CartFailure;

/**
 * `deferred`: the cart is held by a checkout, so the lines were set aside and join once the hold
 * ends (completed, released, or lapsed and the cart changed), still at most once per source cart.
 */
export type MergeFromResult = { ok: true; merged: boolean; deferred?: boolean; cart: CartView } | CartFailure;

/**
 * The cart's checkout hold. A lapsed hold is no longer enforced but is still remembered, with
 * its key, until the cart changes: its order may yet be paid, and then the cart is emptied.
 */
export interface CheckoutState {
  /** A hold is in force: the cart cannot change and another key cannot start a checkout. */
  locked: boolean;
  /** The hold outlived CHECKOUT_LOCK_TTL_MS without being settled; the cart has not changed since. */
  lapsed: boolean;
  /** The key of the hold still to be settled (in force or lapsed); null when there is none. */
  idempotencyKey: string | null;
  startedAt: number | null;
  /** The order that last emptied this cart. */
  lastOrderId: string | null;
  /** The signed token of a live flash-sale reservation that prices one of the lines, for checkout to carry. */
  saleReservation?: string;
}
