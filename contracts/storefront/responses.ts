import { z } from "@hono/zod-openapi";
import { errorResponse } from "../../platform/openapi.ts";

/**
 * The error answers the storefront routes share, each `{ error: { code, message, details? } }`
 * (contracts/errors.ts). Listed per route so a client sees which codes it must handle.
 */
export { errorResponse };
export const badRequest = errorResponse("VALIDATION_FAILED naming the field, or BAD_REQUEST for a body that is not JSON");
export const crossSite = errorResponse("CROSS_SITE_REQUEST: a write from another site is refused before it is read");
export const tooLarge = errorResponse("PAYLOAD_TOO_LARGE: the body is over the edge's limit");
export const notJson = errorResponse("Unsupported Media Type: a body must be sent as `Content-Type: application/json`");
export const notFound = (what: string) => errorResponse(`NOT_FOUND: ${what}`);
export const conflict = (codes: string) => errorResponse(codes);

/** A 503 says when to come back: `Retry-After` in seconds. */
export const unavailable = {
  ...errorResponse("SERVICE_UNAVAILABLE: a regional service did not answer; try again after Retry-After seconds"),
  headers: z.object({ "Retry-After": z.string().openapi({ description: "Seconds to wait before retrying", example: "2" }) }),
} as const;

/** Routes that read or set the shopper's session cookie (issued on the first visit). */
export const SESSION = [{ sessionCookie: [] }];

/** What every write behind the session can also answer. */
export const WRITE_REFUSALS = { 400: badRequest, 403: crossSite, 413: tooLarge, 415: notJson, 503: unavailable } as const;
