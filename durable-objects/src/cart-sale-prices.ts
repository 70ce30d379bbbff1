import type { CartLine } from "../../domain/cart.ts";
import { isCurrency, type Currency } from "../../domain/money.ts";

/**
 * A flash-sale reservation the edge made for this cart's shopper: the cart prices the reserved
 * line at the sale price while the reservation lives, exactly as checkout will (orders takes the
 * sale price only for a line of the reservation's quantity, in its currency), so the cart shows
 * what the shopper will pay. It also keeps the signed token, so a checkout that does not bring
 * the reservation along (a JSON client, a lost cookie) still carries it.
 */
export interface SaleReservationNote {
  variantId: string;
  quantity: number;
  currency: Currency;
  unitPrice: number;
  /** Epoch ms; after this the line shows, and is bought at, the regular price again. */
  expiresAt: number;
  token: string;
}

/** Whether an RPC argument really is a note (RPC arguments arrive unchecked). */
export function isSaleReservationNote(value: unknown): value is SaleReservationNote {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.variantId === "string" &&
    Number.isInteger(v.quantity) && (v.quantity as number) >= 1 &&
    isCurrency(v.currency) &&
    Number.isInteger(v.unitPrice) && (v.unitPrice as number) >= 0 &&
    typeof v.expiresAt === "number" && Number.isFinite(v.expiresAt) &&
    typeof v.token === "string" && v.token.length > 0 && v.token.length <= 4096
  );
}

/** The note that prices `line` now, if any. */
function noteFor(line: CartLine, notes: readonly SaleReservationNote[], currency: Currency, now: number): SaleReservationNote | undefined {
  return notes.find((n) => n.variantId === line.variantId && n.quantity === line.quantity && n.currency === currency && n.expiresAt > now);
}

/** The lines as checkout will price them: a reserved line at its sale price, the rest unchanged. */
export function withSalePrices(lines: readonly CartLine[], notes: readonly SaleReservationNote[], currency: Currency, now: number): CartLine[] {
  if (notes.length === 0) return [...lines];
  return lines.map((l) => {
    const note = noteFor(l, notes, currency, now);
    return note ? { ...l, unitPrice: note.unitPrice } : l;
  });
}

/** The token of the live reservation that prices one of the lines (checkout carries one reservation). */
export function liveSaleToken(lines: readonly CartLine[], notes: readonly SaleReservationNote[], currency: Currency | null, now: number): string | null {
  if (currency === null) return null;
  for (const line of lines) {
    const note = noteFor(line, notes, currency, now);
    if (note) return note.token;
  }
  return null;
}
