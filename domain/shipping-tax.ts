import { percentOf, type Currency } from "./money.ts";

/**
 * Shipping and tax for the demo store. Deliberately small tables: the rules (flat rate, free over
 * a threshold, exclusive tax by destination) are what the rest of the system relies on; real
 * rates would come from configuration or a tax service behind the same two functions.
 */
export interface ShippingRate {
  /** Flat charge per order, minor units. */
  flat: number;
  /** Orders whose subtotal before discounts is at least this ship free. */
  freeFrom: number;
}

export const SHIPPING_RATES: Record<Currency, ShippingRate> = {
  USD: { flat: 599, freeFrom: 7500 },
  EUR: { flat: 599, freeFrom: 7500 },
  GBP: { flat: 499, freeFrom: 6000 },
};

/** Exclusive tax rates by destination country, in basis points (2000 = 20%). */
export const TAX_RATES_BPS: Readonly<Record<string, number>> = {
  US: 800,
  CA: 500,
  GB: 2000,
  IE: 2300,
  DE: 1900,
  FR: 2000,
  ES: 2100,
  IT: 2200,
  NL: 2100,
};

export interface ShippingInput {
  currency: Currency;
  /**
   * Goods before discounts, minor units. Judging the threshold after discounts would let a
   * discount push an order under it and raise the total (adding a promotion must never do that);
   * shipping promotions are the engine's, applied to this figure (domain/promotions/).
   */
  subtotal: number;
  itemCount: number;
}

/** Shipping before promotions: nothing to ship costs nothing; otherwise the flat rate unless the threshold waives it. */
export function shippingFor(input: ShippingInput): number {
  if (input.itemCount === 0) return 0;
  const rate = SHIPPING_RATES[input.currency];
  return input.subtotal >= rate.freeFrom ? 0 : rate.flat;
}

/** The destination's rate; 0 until an address is known or for a country not in the table. */
export function taxRateFor(country: string | undefined): number {
  if (!country) return 0;
  return TAX_RATES_BPS[country.toUpperCase()] ?? 0;
}

/**
 * Tax is exclusive (added on top) and charged on discounted goods plus shipping, as VAT is in
 * the UK and EU. One rounding on the whole base, so the figure is what a receipt would show.
 */
export function taxFor(taxableAmount: number, country: string | undefined): number {
  if (taxableAmount <= 0) return 0;
  return percentOf(taxableAmount, taxRateFor(country));
}
