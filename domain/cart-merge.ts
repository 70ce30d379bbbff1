import { MAX_CART_LINES, MAX_LINE_QUANTITY, type CartLine } from "./cart.ts";

/**
 * Merging a guest cart into a customer's cart at sign-in. Unlike a shopper's own "add", a merge
 * never refuses: a line that would pass the per-line maximum is capped and one that does not fit
 * is left out, each with a note, because the shopper did not ask for this change directly.
 */
export interface MergeNote {
  variantId: string;
  title: string;
  reason: "CAPPED" | "NO_ROOM" | "OTHER_CURRENCY";
}

export interface MergeResult {
  lines: CartLine[];
  /** Lines that were created or changed, for the store to write. */
  changed: CartLine[];
  notes: MergeNote[];
}

export function mergeLines(target: readonly CartLine[], source: readonly CartLine[], newLineId: () => string): MergeResult {
  const lines = [...target];
  const changed = new Map<string, CartLine>();
  const notes: MergeNote[] = [];
  for (const incoming of source) {
    if (!Number.isInteger(incoming.quantity) || incoming.quantity < 1) continue;
    const index = lines.findIndex((l) => l.variantId === incoming.variantId);
    const existing = index >= 0 ? lines[index] : undefined;
    if (existing) {
      const wanted = existing.quantity + incoming.quantity;
      if (wanted > MAX_LINE_QUANTITY) notes.push({ variantId: incoming.variantId, title: incoming.title, reason: "CAPPED" });
      const line = { ...existing, quantity: Math.min(wanted, MAX_LINE_QUANTITY) };
      lines[index] = line;
      changed.set(line.id, line);
      continue;
    }
    if (lines.length >= MAX_CART_LINES) {
      notes.push({ variantId: incoming.variantId, title: incoming.title, reason: "NO_ROOM" });
      continue;
    }
    if (incoming.quantity > MAX_LINE_QUANTITY) {
      notes.push({ variantId: incoming.variantId, title: incoming.title, reason: "CAPPED" });
    }
    const line: CartLine = { ...incoming, id: newLineId(), quantity: Math.min(incoming.quantity, MAX_LINE_QUANTITY) };
    lines.push(line);
    changed.set(line.id, line);
  }
  return { lines, changed: [...changed.values()], notes };
}
