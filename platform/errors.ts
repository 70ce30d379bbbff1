/**
 * The one exception type shared by the edge and every regional service. Each service maps it to
 * the JSON error shape `{ error: { code, message, details? } }` in a single error handler.
 * Expected business outcomes (out of stock, price changed) are returned as values instead.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(code: string, status: number, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export const badRequest = (message: string, details?: unknown) =>
  new AppError("BAD_REQUEST", 400, message, details);
export const notFound = (message: string) => new AppError("NOT_FOUND", 404, message);
export const unauthorized = (message: string) => new AppError("UNAUTHORIZED", 401, message);
export const forbidden = (message: string) => new AppError("FORBIDDEN", 403, message);
export const conflict = (code: string, message: string) => new AppError(code, 409, message);
