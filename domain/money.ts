/**
 * Money is an integer count of the currency's minor unit (cents for USD, EUR) plus an ISO 4217
 * code, carried as plain numbers beside a `currency`. Never a float: every arithmetic step here
 * stays in integers so totals add up exactly.
 */
export const CURRENCIES = ["USD", "EUR", "GBP"] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Digits after the decimal point, used only for display and parsing of decimal input. */
export const MINOR_UNIT_DIGITS: Record<Currency, number> = { USD: 2, EUR: 2, GBP: 2 };

export function isCurrency(value: unknown): value is Currency {
  return typeof value === "string" && (CURRENCIES as readonly string[]).includes(value);
}

/**
 * A percentage of an amount in basis points (1/100 of a percent), rounded half away from zero,
 * so 10% is 1000 bps. Integer maths only: no float ever touches the amount.
 */
export function percentOf(amount: number, basisPoints: number): number {
  const product = amount * basisPoints;
  const q = Math.trunc(product / 10_000);
  const r = product - q * 10_000;
  return Math.abs(r) * 2 >= 10_000 ? q + Math.sign(product) : q;
}

/**
 * Splits `total` across `weights` in proportion, with the largest-remainder method, so the parts
 * are integers that always add up to `total` exactly.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (weightSum === 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const raw = weights.map((w) => (total * w) / weightSum);
  const parts = raw.map((r) => Math.floor(r));
  let remainder = total - parts.reduce((a, b) => a + b, 0);
  const order = raw
    .map((r, i) => ({ i, frac: r - Math.floor(r) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; remainder > 0; k = (k + 1) % order.length, remainder--) {
    const slot = order[k];
    if (slot) parts[slot.i] = (parts[slot.i] ?? 0) + 1;
  }
  return parts;
}

/** "$12.34" style display for pages; the API always carries integers. */
export function formatMoney(amount: number, currency: Currency, locale = "en-US"): string {
  const digits = MINOR_UNIT_DIGITS[currency];
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount / 10 ** digits);
}
