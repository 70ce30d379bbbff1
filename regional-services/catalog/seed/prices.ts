import type { Currency } from "../../../domain/money.ts";

/**
 * Demo exchange rates in basis points of the USD price. Shop prices are set per currency rather
 * than converted at checkout, so each is rounded to a price a merchant would actually choose.
 */
const RATE_BPS: Record<Exclude<Currency, "USD">, number> = { EUR: 9_200, GBP: 7_900 };

/**
 * A local price for a USD price in cents, in integer maths: the converted amount rounded to whole
 * units, keeping the USD price's style (12.99 stays a .99 price, 40.00 stays round).
 */
export function localPrice(usdCents: number, currency: Currency): number {
  if (currency === "USD") return usdCents;
  const wholeUnits = Math.max(1, Math.floor((usdCents * RATE_BPS[currency] + 500_000) / 1_000_000));
  return usdCents % 100 === 0 ? wholeUnits * 100 : wholeUnits * 100 - 1;
}

/** A USD price and its EUR and GBP counterparts. */
export function pricesFor(usdCents: number): Record<Currency, number> {
  return { USD: usdCents, EUR: localPrice(usdCents, "EUR"), GBP: localPrice(usdCents, "GBP") };
}
