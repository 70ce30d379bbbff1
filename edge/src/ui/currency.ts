import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { isCurrency, type Currency } from "../../../domain/money.ts";
import { parseCurrency } from "../catalog/keys.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * The shopper's display currency: `?currency=` when given (then remembered in the `currency`
 * cookie), else the cookie, else USD. An unknown `?currency=` is a 400 naming the parameter; a
 * cookie that no longer names a currency is simply ignored.
 */
export const CURRENCY_COOKIE = "currency";
const ONE_YEAR_S = 60 * 60 * 24 * 365;

export function preferredCurrency(c: Context<EdgeEnv>): Currency {
  const requested = c.req.query("currency");
  const remembered = getCookie(c, CURRENCY_COOKIE);
  if (requested !== undefined) {
    const currency = parseCurrency({ currency: requested });
    if (remembered !== currency) {
      const local = c.env.ENVIRONMENT === "development" || c.env.ENVIRONMENT === "test";
      setCookie(c, CURRENCY_COOKIE, currency, { path: "/", maxAge: ONE_YEAR_S, sameSite: "Lax", secure: !local });
    }
    return currency;
  }
  return isCurrency(remembered) ? remembered : "USD";
}
