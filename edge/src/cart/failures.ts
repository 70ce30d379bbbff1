import { AppError } from "../../../platform/errors.ts";
import type { CartFailure, CartFailureCode } from "../../../durable-objects/src/cart-results.ts";

/**
 * The CartObject answers refusals as values; at the HTTP edge they become the one JSON error
 * shape, with the status contracts/errors.ts gives their code.
 */
export function cartFailureError(failure: CartFailure): AppError {
  return new AppError(failure.code, failure.message, failure.field ? { field: failure.field } : undefined);
}

/** Unwraps an RPC result, or throws its refusal as an AppError for the error handler. */
export function unwrap<R extends { ok: true } | CartFailure>(result: R): Extract<R, { ok: true }> {
  if (!result.ok) throw cartFailureError(result);
  return result as Extract<R, { ok: true }>;
}

export function variantNotFound(variantId: string): AppError {
  return new AppError("VARIANT_NOT_FOUND", `there is no variant "${variantId}"`, { field: "variantId" });
}
