import type { EngineLine } from "./model.ts";

/**
 * The input lines in one canonical order (by key), as parallel arrays: every step of the engine
 * walks lines in this order, so the answer never depends on the order the cart or order listed
 * them in, and the hot loops touch plain number arrays only.
 */
export interface LineTable {
  keys: string[];
  variantIds: string[];
  productIds: string[];
  categories: (readonly string[])[];
  unitPrices: number[];
  quantities: number[];
  /** unitPrice × quantity, before any discount. */
  totals: number[];
  subtotal: number;
  units: number;
  /** Every canonical index (0, 1, …): the targets of an order promotion. */
  all: number[];
}

export function lineTable(lines: readonly EngineLine[]): LineTable {
  const sorted = [...lines].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const t: LineTable = { keys: [], variantIds: [], productIds: [], categories: [], unitPrices: [], quantities: [], totals: [], subtotal: 0, units: 0, all: [] };
  for (const l of sorted) {
    const total = l.unitPrice * l.quantity;
    t.keys.push(l.key);
    t.variantIds.push(l.variantId);
    t.productIds.push(l.productId);
    t.categories.push(l.categorySlugs);
    t.unitPrices.push(l.unitPrice);
    t.quantities.push(l.quantity);
    t.totals.push(total);
    t.all.push(t.all.length);
    t.subtotal += total;
    t.units += l.quantity;
  }
  return t;
}
