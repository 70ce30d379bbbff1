import type { CartLine } from "./cart.ts";
import type { MergeNote } from "./cart-merge.ts";
import type { SellableVariant } from "./catalog.ts";
import { formatMoney, type Currency } from "./money.ts";

/**
 * What the shopper should be told about their cart that they did not cause: a price that moved,
 * an item that sold out or left the catalog, a merge that could not take everything.
 *
 * Stock and availability warnings describe the current state, so each refresh replaces them.
 * Price and merge notices describe a past event, so they stay until the shopper next changes
 * the cart (by then they have seen the cart as it now is).
 */
export type CartWarningCode = "PRICE_CHANGED" | "OUT_OF_STOCK" | "UNAVAILABLE" | "QUANTITY_CAPPED" | "NOT_MERGED" | "PROMOTION_UNAVAILABLE";

export interface CartWarning {
  code: CartWarningCode;
  /** The line's variant; absent from a promotion's notice. */
  variantId?: string | undefined;
  /** The promotion a PROMOTION_UNAVAILABLE notice is about. */
  promotionId?: string | undefined;
  lineId?: string | undefined;
  message: string;
  previousPrice?: number | undefined;
  currentPrice?: number | undefined;
}

const STATE_CODES: readonly CartWarningCode[] = ["OUT_OF_STOCK", "UNAVAILABLE"];

export interface RefreshResult {
  lines: CartLine[];
  /** Lines whose stored price or title changed, for the store to write. */
  changed: CartLine[];
  warnings: CartWarning[];
}

const sameSlugs = (a: readonly string[] | undefined, b: readonly string[]) => a !== undefined && a.length === b.length && a.every((s, i) => s === b[i]);

/** Re-prices lines from fresh catalog data and works out which warnings now apply. */
export function refreshLines(
  lines: readonly CartLine[],
  variants: readonly SellableVariant[],
  currency: Currency,
  previous: readonly CartWarning[],
): RefreshResult {
  const byId = new Map(variants.map((v) => [v.variantId, v]));
  const fresh: CartWarning[] = [];
  const changed: CartLine[] = [];
  const next = lines.map((line) => {
    const variant = byId.get(line.variantId);
    const price = variant?.prices[currency];
    if (!variant || !variant.active || price === undefined) {
      fresh.push({ code: "UNAVAILABLE", variantId: line.variantId, lineId: line.id, message: `${line.title} is no longer available` });
      return line;
    }
    if (variant.stockState === "out_of_stock") {
      fresh.push({ code: "OUT_OF_STOCK", variantId: line.variantId, lineId: line.id, message: `${line.title} is out of stock` });
    }
    if (price === line.unitPrice && variant.title === line.title && line.productId === variant.productId && sameSlugs(line.categorySlugs, variant.categorySlugs)) return line;
    if (price !== line.unitPrice) {
      fresh.push({
        code: "PRICE_CHANGED",
        variantId: line.variantId,
        lineId: line.id,
        message: `The price of ${line.title} changed from ${formatMoney(line.unitPrice, currency)} to ${formatMoney(price, currency)}`,
        previousPrice: line.unitPrice,
        currentPrice: price,
      });
    }
    const updated = { ...line, unitPrice: price, title: variant.title, productId: variant.productId, categorySlugs: variant.categorySlugs };
    changed.push(updated);
    return updated;
  });
  const repriced = new Set(fresh.filter((w) => w.code === "PRICE_CHANGED").map((w) => w.lineId));
  const kept = previous.filter((w) => !STATE_CODES.includes(w.code) && !(w.code === "PRICE_CHANGED" && repriced.has(w.lineId)));
  return { lines: next, changed, warnings: [...kept, ...fresh] };
}

/** After the shopper changes the cart: past-event notices go, state warnings for lines still there stay. */
export function warningsAfterChange(warnings: readonly CartWarning[], lines: readonly CartLine[]): CartWarning[] {
  const lineIds = new Set(lines.map((l) => l.id));
  return warnings.filter((w) => STATE_CODES.includes(w.code) && w.lineId !== undefined && lineIds.has(w.lineId));
}

export function mergeWarnings(notes: readonly MergeNote[]): CartWarning[] {
  return notes.map((n): CartWarning => {
    if (n.reason === "CAPPED") {
      return { code: "QUANTITY_CAPPED", variantId: n.variantId, message: `${n.title}: quantity from your earlier cart was capped at the maximum` };
    }
    const why = n.reason === "NO_ROOM" ? "did not fit in this cart" : "is priced in another currency";
    return { code: "NOT_MERGED", variantId: n.variantId, message: `${n.title} from your earlier cart ${why}` };
  });
}
