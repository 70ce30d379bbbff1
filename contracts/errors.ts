import { z } from "zod";

/**
 * Every error code any part of edgeshop answers with, and its one HTTP status. A code means the
 * same thing wherever it is raised, so a caller can decide on the code alone; `AppError` (in
 * platform/errors.ts) looks the status up here instead of being told it.
 *
 * Status choices worth a word:
 * - 409 is a state the caller must resolve first (stock, prices, a held cart, a payment that is
 *   not waiting); 400 is a request that is wrong whatever the state.
 * - IDEMPOTENCY_KEY_REUSED is 422 everywhere (orders used 422, payments 409): the IETF
 *   Idempotency-Key draft answers a key reused with a different payload with 422 and keeps 409
 *   for "the first request is still in flight", and 422 is what shoppers already saw at checkout.
 * - PROMOTION_NOT_APPLICABLE is 409 everywhere (the cart used 400, checkout 409): the code exists,
 *   the cart's contents do not qualify for it, which is a state of the cart.
 */
export const ERROR_STATUS = {
  // Requests that are wrong whatever the state.
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  INVALID_ARGUMENT: 400,
  INVALID_QUANTITY: 400,
  QUANTITY_LIMIT: 400,
  VARIANT_UNAVAILABLE: 400,
  PRICE_UNAVAILABLE: 400,
  PROMOTION_NOT_FOUND: 400,
  INVALID_EMAIL: 400,
  INVALID_ADDRESS: 400,
  /** A sign-up link that is unknown, expired or already used. */
  INVALID_TOKEN: 400,
  /** A flash-sale reservation token that is forged, malformed, or for another item or buyer. */
  RESERVATION_INVALID: 400,
  // Who is asking.
  UNAUTHORIZED: 401,
  BAD_SIGNATURE: 401,
  INVALID_CREDENTIALS: 401,
  PAYMENT_FAILED: 402,
  FORBIDDEN: 403,
  /** A refund above what the staff member's role may refund on its own (fulfilment's limit). */
  REFUND_LIMIT_EXCEEDED: 403,
  CROSS_SITE_REQUEST: 403,
  // What is asked for.
  NOT_FOUND: 404,
  VARIANT_NOT_FOUND: 404,
  LINE_NOT_FOUND: 404,
  // States the caller must resolve first.
  OUT_OF_STOCK: 409,
  PRICE_CHANGED: 409,
  UNAVAILABLE: 409,
  PROMOTION_NOT_APPLICABLE: 409,
  /** Checkout's total is not the `expectedTotal` the cart showed (an automatic promotion ran out): never charged. */
  TOTAL_CHANGED: 409,
  TOO_MANY_LINES: 409,
  TOO_MANY_PROMOTIONS: 409,
  CURRENCY_MISMATCH: 409,
  CART_LOCKED: 409,
  CHECKOUT_IN_PROGRESS: 409,
  CART_EMPTY: 409,
  NO_CHECKOUT: 409,
  NO_ACTION_PENDING: 409,
  EMAIL_TAKEN: 409,
  /** A change that would leave the shop with no active owner (demoting or disabling the last one). */
  LAST_OWNER: 409,
  PAYMENT_EXISTS: 409,
  PAYMENT_NOT_CONFIRMABLE: 409,
  PAYMENT_NOT_CANCELLABLE: 409,
  /** A refund for a payment that took no money (failed, cancelled, still processing). */
  PAYMENT_NOT_REFUNDABLE: 409,
  /** A refund larger than what was captured less what was already refunded. */
  REFUND_EXCEEDS_CAPTURED: 409,
  /** An order operation its status does not allow (fulfilling an unpaid order, delivering before fulfilment). */
  ORDER_STATE_CONFLICT: 409,
  /** A SKU, slug or other unique name already in use. */
  ALREADY_EXISTS: 409,
  /** An archived promotion is kept for the record of its uses and never changes again. */
  PROMOTION_ARCHIVED: 409,
  /** A promotion code already belongs to a promotion (codes are unique across all of them). */
  PROMOTION_CODE_TAKEN: 409,
  /** A change the promotion's state does not allow (pausing a draft, codes for an automatic one). */
  PROMOTION_STATE_CONFLICT: 409,
  /** Every unit of a flash sale is reserved or sold; released units are sold again. */
  SOLD_OUT: 409,
  /** A flash-sale reservation that has expired or was already used or given back. */
  RESERVATION_EXPIRED: 409,
  /** More of a flash sale than its per-customer maximum. */
  FLASH_SALE_LIMIT_REACHED: 409,
  PAYLOAD_TOO_LARGE: 413,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  // Failures on our side or a sibling's.
  INTERNAL: 500,
  MISCONFIGURED: 500,
  PROVIDER_UNAVAILABLE: 502,
  /** A sibling failed on its side (a 500): not an outage to retry, not served from a stale copy. */
  BAD_GATEWAY: 502,
  /** A sibling answered with a code this build does not know (a newer or older peer). */
  UPSTREAM_ERROR: 502,
  SERVICE_UNAVAILABLE: 503,
  PAYMENT_UNAVAILABLE: 503,
} as const satisfies Record<string, 400 | 401 | 402 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 502 | 503>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

/** Every code, for `z.enum` and documentation. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** Whether a code read off the wire is one this build knows. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_STATUS, code);
}

/**
 * The one error body of every service and the edge. `code` is read as any string, so an answer
 * from a peer that knows a newer code still parses (the reader decides what an unknown code means).
 */
export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.output<typeof errorBodySchema>;

/** An error body, without a `details` key when there are none. */
export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
