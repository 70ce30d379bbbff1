import type { CartLine } from "../../domain/cart.ts";
import { isCurrency } from "../../domain/money.ts";
import type { PendingMerge } from "./cart-schema.ts";

/**
 * The cart's merge records (cart-schema.ts): guest carts already merged into this one, so a merge
 * repeated after sign-in adds nothing twice, and merges waiting while a checkout holds the cart.
 * Read only when a shopper signs in, so, unlike the lines CartStore keeps, nothing is kept in memory.
 */
export class CartMerges {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  hasMerged(sourceCartId: string): boolean {
    return this.#sql.exec("SELECT 1 FROM cart_merges WHERE source_cart_id = ?", sourceCartId).toArray().length > 0;
  }

  recordMerge(sourceCartId: string): void {
    this.#sql.exec("INSERT INTO cart_merges (source_cart_id, merged_at) VALUES (?, ?)", sourceCartId, Date.now());
  }

  pending(): PendingMerge[] {
    return this.#sql
      .exec<{ source_cart_id: string; lines: string; currency: string }>("SELECT source_cart_id, lines, currency FROM cart_pending_merges ORDER BY requested_at, source_cart_id")
      .toArray()
      .flatMap((r) => (isCurrency(r.currency) ? [{ sourceCartId: r.source_cart_id, lines: JSON.parse(r.lines) as CartLine[], currency: r.currency }] : []));
  }

  hasPending(sourceCartId: string): boolean {
    return this.#sql.exec("SELECT 1 FROM cart_pending_merges WHERE source_cart_id = ?", sourceCartId).toArray().length > 0;
  }

  addPending(merge: PendingMerge): void {
    this.#sql.exec(
      "INSERT OR IGNORE INTO cart_pending_merges (source_cart_id, lines, currency, requested_at) VALUES (?, ?, ?, ?)",
      merge.sourceCartId,
      JSON.stringify(merge.lines),
      merge.currency,
      Date.now(),
    );
  }

  deletePending(sourceCartId: string): void {
    this.#sql.exec("DELETE FROM cart_pending_merges WHERE source_cart_id = ?", sourceCartId);
  }
}
