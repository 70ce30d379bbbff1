import { ERROR_STATUS, errorBody, isErrorCode, type ErrorBody, type ErrorCode, type ErrorStatus } from "../contracts/errors.ts";

export { errorBody, type ErrorBody, type ErrorCode };

/**
 * The one exception type shared by the edge and every regional service. Each service maps it to
 * the JSON error shape `{ error: { code, message, details? } }` in a single error handler
 * (platform/http.ts). The status is not chosen by the thrower: it comes from the code's row in
 * contracts/errors.ts, so one code answers the same status everywhere. Expected business outcomes
 * (out of stock, price changed) are returned as values until they reach an HTTP boundary.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: ErrorStatus;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = details;
  }
}

/**
 * A sibling's error answer, passed on as it was given. Its code is checked against the table:
 * a code this build does not know (a peer deployed ahead of us) becomes UPSTREAM_ERROR with the
 * sibling's code in `details`, rather than a status we could not vouch for.
 */
export function relayedError(body: ErrorBody): AppError {
  const { code, message, details } = body.error;
  if (isErrorCode(code)) return new AppError(code, message, details);
  return new AppError("UPSTREAM_ERROR", message, { upstreamCode: code, details });
}

export const badRequest = (message: string, details?: unknown) => new AppError("BAD_REQUEST", message, details);
export const notFound = (message: string) => new AppError("NOT_FOUND", message);
export const unauthorized = (message: string) => new AppError("UNAUTHORIZED", message);
export const forbidden = (message: string) => new AppError("FORBIDDEN", message);
