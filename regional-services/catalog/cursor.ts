import type { ProductSort } from "../../domain/catalog.ts";
import { isCurrency, type Currency } from "../../domain/money.ts";
import { AppError } from "../../domain/errors.ts";

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
  return new AppError("VALIDATION_FAILED", 400, `cursor: ${message}`, { issues: [{ path: "cursor", message }] });
}

/** Exactly what `Date.prototype.toISOString` writes for years 1..9999, the range Postgres accepts. */
const ISO_TIMESTAMP = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Product ids as the catalog writes them (seed/generate.ts). */
const PRODUCT_ID = /^prod_[A-Za-z0-9]{1,64}$/;
/** Prices are Postgres `integer` columns: a larger key would make the query fail, not miss. */
const MAX_PRICE_KEY = 2_147_483_647;

function isIsoTimestamp(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const year = ISO_TIMESTAMP.exec(value)?.[1];
  if (year === undefined || Number(year) < 1) return false;
  // Round-tripping refuses dates that do not exist (2025-02-30) instead of letting them roll over.
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
}

function isPriceKey(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && value <= MAX_PRICE_KEY;
}

/** The cursor's sort key when it has the type and form that `sort` writes, else undefined. */
function sortKey(sort: ProductSort, key: unknown): string | number | undefined {
  if (sort === "newest") return isIsoTimestamp(key) ? key : undefined;
  return isPriceKey(key) ? key : undefined;
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
  if (typeof id !== "string" || !PRODUCT_ID.test(id)) throw invalid("cursor is malformed");
  // "newest" does not depend on the currency, so a shopper may switch currency mid-way there.
  const currencyMatters = sort !== "newest";
  if (cursorSort !== sort || !isCurrency(cursorCurrency) || (currencyMatters && cursorCurrency !== currency)) {
    throw invalid("cursor belongs to a different sort or currency; start again without it");
  }
  const validKey = sortKey(sort, key);
  if (validKey === undefined) throw invalid("cursor is malformed");
  return { sort, currency, key: validKey, id };
}
