import type { SellableVariant } from "./catalog.ts";
import type { PricedLine } from "./lines.ts";
import type { Currency } from "./money.ts";

/**
 * Cart rules shared by the CartObject and the edge. Functions here decide; they never store.
 * Expected refusals come back as `{ ok: false, code, message }` values so they survive the
 * Durable Object RPC boundary intact.
 */
export const MIN_LINE_QUANTITY = 1;
export const MAX_LINE_QUANTITY = 99;
export const MAX_CART_LINES = 100;

/** A line of the cart; its unit price is the one the catalog last confirmed. */
export interface CartLine extends PricedLine {
  id: string;
}

export interface ShippingAddress {
  name: string;
  line1: string;
  line2?: string | undefined;
  city: string;
  region?: string | undefined;
  postalCode: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
}

/** The refusals of the line rules below; the CartObject adds its own (durable-objects/src/cart-results.ts). */
export type LineFailureCode =
  | "INVALID_QUANTITY"
  | "QUANTITY_LIMIT"
  | "TOO_MANY_LINES"
  | "LINE_NOT_FOUND"
  | "VARIANT_UNAVAILABLE"
  | "OUT_OF_STOCK"
  | "PRICE_UNAVAILABLE";

export interface Failure<C extends string = string> {
  ok: false;
  code: C;
  message: string;
  /** The request field the failure is about, so forms and API errors can point at it. */
  field?: string;
}

export type LineChange = { ok: true; lines: CartLine[]; line: CartLine } | Failure<LineFailureCode>;

export function fail<C extends string>(code: C, message: string, field?: string): Failure<C> {
  return field === undefined ? { ok: false, code, message } : { ok: false, code, message, field };
}

export function isValidQuantity(quantity: number): boolean {
  return Number.isInteger(quantity) && quantity >= MIN_LINE_QUANTITY && quantity <= MAX_LINE_QUANTITY;
}

function quantityFailure(): Failure<"INVALID_QUANTITY"> {
  return fail("INVALID_QUANTITY", `quantity must be a whole number from ${MIN_LINE_QUANTITY} to ${MAX_LINE_QUANTITY}`, "quantity");
}

/** Checks that `variant` can be sold in `currency` now, and returns its unit price. */
export function sellablePrice(variant: SellableVariant, currency: Currency): { ok: true; unitPrice: number } | Failure<LineFailureCode> {
  if (!variant.active) return fail("VARIANT_UNAVAILABLE", `${variant.title} is no longer available`, "variantId");
  if (variant.stockState === "out_of_stock") return fail("OUT_OF_STOCK", `${variant.title} is out of stock`, "variantId");
  const unitPrice = variant.prices[currency];
  if (unitPrice === undefined) return fail("PRICE_UNAVAILABLE", `${variant.title} is not sold in ${currency}`, "variantId");
  return { ok: true, unitPrice };
}

/**
 * Adds `quantity` of `variant`. Adding a variant already in the cart adds to that line; going
 * past the per-line maximum is refused rather than silently capped, so the shopper sees why.
 */
export function addLine(
  lines: readonly CartLine[],
  variant: SellableVariant,
  quantity: number,
  currency: Currency,
  newLineId: string,
): LineChange {
  if (!isValidQuantity(quantity)) return quantityFailure();
  const price = sellablePrice(variant, currency);
  if (!price.ok) return price;
  const existing = lines.find((l) => l.variantId === variant.variantId);
  if (existing) {
    const total = existing.quantity + quantity;
    if (total > MAX_LINE_QUANTITY) {
      return fail(
        "QUANTITY_LIMIT",
        `quantity: at most ${MAX_LINE_QUANTITY} of one item per cart; you already have ${existing.quantity}`,
        "quantity",
      );
    }
    const line: CartLine = { ...existing, quantity: total, unitPrice: price.unitPrice, title: variant.title, productId: variant.productId, categorySlugs: variant.categorySlugs };
    return { ok: true, line, lines: lines.map((l) => (l.id === existing.id ? line : l)) };
  }
  if (lines.length >= MAX_CART_LINES) {
    return fail("TOO_MANY_LINES", `a cart holds at most ${MAX_CART_LINES} different items`);
  }
  const line: CartLine = {
    id: newLineId,
    variantId: variant.variantId,
    productSlug: variant.productSlug,
    title: variant.title,
    sku: variant.sku,
    imageUrl: variant.imageUrl,
    unitPrice: price.unitPrice,
    quantity,
    productId: variant.productId,
    categorySlugs: variant.categorySlugs,
  };
  return { ok: true, line, lines: [...lines, line] };
}

/** Sets a line's quantity to an absolute value (1–99). Use removeLine to take a line out. */
export function setLineQuantity(lines: readonly CartLine[], lineId: string, quantity: number): LineChange {
  if (!isValidQuantity(quantity)) return quantityFailure();
  const existing = lines.find((l) => l.id === lineId);
  if (!existing) return fail("LINE_NOT_FOUND", `no line ${lineId} in this cart`, "lineId");
  const line: CartLine = { ...existing, quantity };
  return { ok: true, line, lines: lines.map((l) => (l.id === lineId ? line : l)) };
}

export function removeLine(lines: readonly CartLine[], lineId: string): LineChange {
  const existing = lines.find((l) => l.id === lineId);
  if (!existing) return fail("LINE_NOT_FOUND", `no line ${lineId} in this cart`, "lineId");
  return { ok: true, line: existing, lines: lines.filter((l) => l.id !== lineId) };
}

export function itemCount(lines: readonly Pick<CartLine, "quantity">[]): number {
  return lines.reduce((n, l) => n + l.quantity, 0);
}
