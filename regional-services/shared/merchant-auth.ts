import type { MiddlewareHandler } from "hono";
import { forbidden, unauthorized } from "../../platform/errors.ts";
import { sha256Hex, timingSafeEqualHex } from "../../platform/signing.ts";

/**
 * Merchant routes need `Authorization: Bearer <MERCHANT_TOKEN>`: none at all is a 401, a wrong
 * one a 403. Tokens are compared as hashes in constant time, so timing tells nothing about them.
 */
export function requireMerchant(token: string): MiddlewareHandler {
  const expected = sha256Hex(token);
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (!header) throw unauthorized("a merchant token is required (Authorization: Bearer <token>)");
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match?.[1]) throw unauthorized("the Authorization header must be 'Bearer <token>'");
    if (!timingSafeEqualHex(await sha256Hex(match[1]), await expected)) throw forbidden("the merchant token is not valid");
    await next();
  };
}
