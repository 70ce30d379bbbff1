/**
 * Card number rules a payment provider applies before it accepts a card: Luhn check, brand from
 * the issuer prefix, expiry and CVC length. Pure: the caller passes today's month, and nothing
 * here ever logs or echoes the number it was given.
 */
export type CardBrand = "visa" | "mastercard" | "amex" | "discover" | "unknown";

export interface YearMonth {
  year: number;
  /** 1–12 */
  month: number;
}

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export interface ValidCard {
  /** Digits only. Callers must drop it as soon as the token exists. */
  number: string;
  brand: CardBrand;
  last4: string;
  expMonth: number;
  /** Four digits. */
  expYear: number;
}

export type CardField = "card" | "expMonth" | "expYear" | "cvc";
export type CardCheck = { ok: true; card: ValidCard } | { ok: false; field: CardField; message: string };

/** No real card network issues a number valid for longer than this. */
export const MAX_VALIDITY_YEARS = 20;

/** Digits of `raw` with the spaces and hyphens people type removed, or undefined if it is not a card number. */
export function normalizeCardNumber(raw: string): string | undefined {
  const digits = raw.replace(/[\s-]/g, "");
  return /^\d{12,19}$/.test(digits) ? digits : undefined;
}

/** The Luhn (mod 10) check digit test every card number passes. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The card network, from the issuer identification prefix. */
export function cardBrand(digits: string): CardBrand {
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  const three = Number(digits.slice(0, 3));
  if (digits.startsWith("4")) return "visa";
  if (two === 34 || two === 37) return "amex";
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return "mastercard";
  if (four === 6011 || two === 65 || (three >= 644 && three <= 649)) return "discover";
  return "unknown";
}

export function last4(digits: string): string {
  return digits.slice(-4);
}

/** "27" means 2027: people type the year as printed on the card. */
export function fullExpiryYear(year: number): number {
  return year < 100 ? 2000 + year : year;
}

/** A card is good through the last day of its expiry month. */
export function isExpired(expMonth: number, expYear: number, today: YearMonth): boolean {
  const year = fullExpiryYear(expYear);
  return year < today.year || (year === today.year && expMonth < today.month);
}

/** American Express prints four digits on the front; the others three on the back. */
export function cvcValid(cvc: string, brand: CardBrand): boolean {
  return brand === "amex" ? /^\d{4}$/.test(cvc) : /^\d{3}$/.test(cvc);
}

export function yearMonthOf(date: Date): YearMonth {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 };
}

const fail = (field: CardField, message: string): CardCheck => ({ ok: false, field, message });

/** Every check a card must pass, reporting the first field that fails. */
export function checkCard(input: CardInput, today: YearMonth): CardCheck {
  const number = normalizeCardNumber(input.number);
  if (number === undefined) return fail("card", "card number must be 12 to 19 digits");
  if (!luhnValid(number)) return fail("card", "card number is invalid");
  if (!Number.isInteger(input.expMonth) || input.expMonth < 1 || input.expMonth > 12) {
    return fail("expMonth", "expMonth must be a month from 1 to 12");
  }
  const expYear = fullExpiryYear(input.expYear);
  if (!Number.isInteger(expYear) || expYear > today.year + MAX_VALIDITY_YEARS) {
    return fail("expYear", "expYear is not a valid year");
  }
  if (isExpired(input.expMonth, expYear, today)) return fail("expYear", "card has expired");
  const brand = cardBrand(number);
  if (!cvcValid(input.cvc, brand)) {
    return fail("cvc", brand === "amex" ? "cvc must be 4 digits" : "cvc must be 3 digits");
  }
  return { ok: true, card: { number, brand, last4: last4(number), expMonth: input.expMonth, expYear } };
}
