import type { ProductSort } from "../../contracts/catalog/views.ts";
import { isCurrency, type Currency } from "../../domain/money.ts";
import { AppError } from "../../platform/errors.ts";

/**
 * Listing cursors: base64url JSON of the sort, the currency (price order differs per currency),
 * the last row's sort key and its id. Opaque to clients; anything that does not decode to a
 * cursor for the same sort and currency is refused as a bad `cursor`.
 */
export interface ListCursor {
  sort: ProductSort;
  currency: Currency;
  /** ISO timestamp for "newest", minor units for the price sorts. */
  key: string | number;
  id: string;
}

/** The cursor for the page after the row described by `cursor`. */
export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.currency, cursor.key, cursor.id])).toString("base64url");
}

function invalid(message: string): AppError {
  return new AppError("VALIDATION_FAILED", `cursor: ${message}`, { issues: [{ path: "cursor", message }] });
}

function isIsoTimestamp(value: unknown): value is string {
  return typeof value === "string" && value.length <= 40 && !Number.isNaN(Date.parse(value));
}

/** Reads a client's cursor for `sort` and `currency`, or throws a 400 naming `cursor`. */
export function decodeCursor(raw: string, sort: ProductSort, currency: Currency): ListCursor {
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid("cursor is malformed");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw invalid("cursor is malformed");
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw invalid("cursor is malformed");
  const [cursorSort, cursorCurrency, key, id] = parsed as unknown[];
  if (typeof id !== "string" || id.length === 0 || id.length > 100) throw invalid("cursor is malformed");
  // "newest" does not depend on the currency, so a shopper may switch currency mid-way there.
  const currencyMatters = sort !== "newest";
  if (cursorSort !== sort || !isCurrency(cursorCurrency) || (currencyMatters && cursorCurrency !== currency)) {
    throw invalid("cursor belongs to a different sort or currency; start again without it");
  }
  const keyOk = sort === "newest" ? isIsoTimestamp(key) : Number.isSafeInteger(key);
  if (!keyOk || (typeof key !== "string" && typeof key !== "number")) throw invalid("cursor is malformed");
  return { sort, currency, key, id };
}
