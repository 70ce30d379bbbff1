import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError } from "../../../platform/errors.ts";
import type { CartFailure, CartFailureCode } from "../../../durable-objects/src/cart-results.ts";

/**
 * The CartObject answers refusals as values; at the HTTP edge they become the one JSON error
 * shape with a status. Wrong input is a 400, a cart state that forbids the change a 409.
 */
const STATUS: Record<CartFailureCode, ContentfulStatusCode> = {
  INVALID_QUANTITY: 400,
  QUANTITY_LIMIT: 400,
  TOO_MANY_LINES: 409,
  LINE_NOT_FOUND: 404,
  VARIANT_UNAVAILABLE: 400,
  OUT_OF_STOCK: 409,
  PRICE_UNAVAILABLE: 400,
  CURRENCY_MISMATCH: 409,
  PROMOTION_NOT_FOUND: 400,
  PROMOTION_NOT_APPLICABLE: 400,
  TOO_MANY_PROMOTIONS: 409,
  INVALID_EMAIL: 400,
  INVALID_ADDRESS: 400,
  CART_LOCKED: 409,
  CHECKOUT_IN_PROGRESS: 409,
  CART_EMPTY: 409,
  NO_CHECKOUT: 409,
  INVALID_ARGUMENT: 400,
};

export function cartFailureError(failure: CartFailure): AppError {
  return new AppError(failure.code, STATUS[failure.code] ?? 400, failure.message, failure.field ? { field: failure.field } : undefined);
}

/** Unwraps an RPC result, or throws its refusal as an AppError for the error handler. */
export function unwrap<R extends { ok: true } | CartFailure>(result: R): Extract<R, { ok: true }> {
  if (!result.ok) throw cartFailureError(result);
  return result as Extract<R, { ok: true }>;
}

export function variantNotFound(variantId: string): AppError {
  return new AppError("VARIANT_NOT_FOUND", 404, `there is no variant "${variantId}"`, { field: "variantId" });
}
