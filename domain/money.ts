/**
 * Money is an integer count of the currency's minor unit (cents for USD, EUR) plus an ISO 4217
 * code. Never a float: every arithmetic step here stays in integers so totals add up exactly.
 */
export const CURRENCIES = ["USD", "EUR", "GBP"] as const;
export type Currency = (typeof CURRENCIES)[number];

export interface Money {
  readonly amount: number;
  readonly currency: Currency;
}

/** Digits after the decimal point, used only for display and parsing of decimal input. */
export const MINOR_UNIT_DIGITS: Record<Currency, number> = { USD: 2, EUR: 2, GBP: 2 };

export function isCurrency(value: unknown): value is Currency {
  return typeof value === "string" && (CURRENCIES as readonly string[]).includes(value);
}

export function money(amount: number, currency: Currency): Money {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`money amount must be an integer count of minor units, got ${amount}`);
  }
  return { amount, currency };
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new RangeError(`currency mismatch: ${a.currency} vs ${b.currency}`);
  }
}

export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

export function multiply(a: Money, quantity: number): Money {
  if (!Number.isInteger(quantity)) throw new RangeError(`quantity must be an integer, got ${quantity}`);
  return money(a.amount * quantity, a.currency);
}

export function zero(currency: Currency): Money {
  return { amount: 0, currency };
}

export function sum(items: readonly Money[], currency: Currency): Money {
  return items.reduce((acc, m) => add(acc, m), zero(currency));
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
