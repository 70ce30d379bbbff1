import { isUsedUpReason, type UsedUpPromotion } from "../../domain/promotions/used-up.ts";
import { isCurrency } from "../../domain/money.ts";
import type { SaleReservationNote } from "./cart-sale-prices.ts";

/**
 * What the rest of the shop tells a cart, kept beside its lines: promotions a checkout found
 * used up, the customer's tags as sign-in told them, flash-sale reservations the edge made. Like
 * CartStore (which owns one of these), it is the only writer of its tables and keeps what it has
 * read and written in memory; each table is read at most once per object lifetime.
 */
export class CartNotes {
  readonly #sql: SqlStorage;
  #usedUp: readonly UsedUpPromotion[] | undefined;
  #reservations: readonly SaleReservationNote[] | undefined;
  readonly #tags = new Map<string, readonly string[]>();

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  /** Forgets what it kept (the tables were made afresh). */
  forget(): void {
    this.#usedUp = this.#reservations = undefined;
    this.#tags.clear();
  }

  /** Promotions a checkout found used up, while the notice lasts (domain/promotions/used-up.ts). */
  usedUpPromotions(now: number): UsedUpPromotion[] {
    this.#usedUp ??= Object.freeze(
      this.#sql
        .exec<{ promotion_id: string; reason: string; until: number }>("SELECT promotion_id, reason, until FROM cart_used_up_promotions ORDER BY promotion_id")
        .toArray()
        .flatMap((r) => (isUsedUpReason(r.reason) ? [Object.freeze({ promotionId: r.promotion_id, reason: r.reason, until: r.until })] : [])),
    );
    return this.#usedUp.filter((p) => p.until > now);
  }

  /** The tags the edge last told this cart the customer has (none when never told). */
  customerTags(customerId: string): readonly string[] {
    let tags = this.#tags.get(customerId);
    if (!tags) {
      const row = this.#sql.exec<{ tags: string }>("SELECT tags FROM cart_customer_tags WHERE customer_id = ?", customerId).toArray()[0];
      tags = Object.freeze(row ? (JSON.parse(row.tags) as string[]) : []);
      this.#tags.set(customerId, tags);
    }
    return tags;
  }

  saveCustomerTags(customerId: string, tags: readonly string[], now: number): void {
    this.#sql.exec(
      "INSERT INTO cart_customer_tags (customer_id, tags, told_at) VALUES (?, ?, ?) ON CONFLICT (customer_id) DO UPDATE SET tags = excluded.tags, told_at = excluded.told_at",
      customerId,
      JSON.stringify(tags),
      now,
    );
    this.#tags.set(customerId, Object.freeze([...tags]));
  }

  noteUsedUp(list: readonly UsedUpPromotion[], now: number): void {
    this.#usedUp = undefined;
    this.#sql.exec("DELETE FROM cart_used_up_promotions WHERE until <= ?", now);
    for (const p of list) {
      this.#sql.exec(
        "INSERT INTO cart_used_up_promotions (promotion_id, reason, until) VALUES (?, ?, ?) ON CONFLICT (promotion_id) DO UPDATE SET reason = excluded.reason, until = excluded.until",
        p.promotionId,
        p.reason,
        p.until,
      );
    }
  }

  /** Flash-sale reservations still alive at `now` (the others are dropped on the next save). */
  saleReservations(now: number): SaleReservationNote[] {
    this.#reservations ??= Object.freeze(
      this.#sql
        .exec<{ variant_id: string; quantity: number; currency: string; unit_price: number; expires_at: number; token: string }>(
          "SELECT variant_id, quantity, currency, unit_price, expires_at, token FROM cart_sale_reservations",
        )
        .toArray()
        .flatMap((r) => (isCurrency(r.currency) ? [Object.freeze({ variantId: r.variant_id, quantity: r.quantity, currency: r.currency, unitPrice: r.unit_price, expiresAt: r.expires_at, token: r.token })] : [])),
    );
    return this.#reservations.filter((r) => r.expiresAt > now);
  }

  forgetSaleReservation(token: string): void {
    this.#sql.exec("DELETE FROM cart_sale_reservations WHERE token = ?", token);
    this.#reservations = undefined;
  }

  /** The newest reservation per variant wins (a shopper who reserves again gets the new one). */
  saveSaleReservation(note: SaleReservationNote, now: number): void {
    this.#sql.exec("DELETE FROM cart_sale_reservations WHERE expires_at <= ?", now);
    this.#sql.exec(
      `INSERT INTO cart_sale_reservations (variant_id, quantity, currency, unit_price, expires_at, token) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (variant_id) DO UPDATE SET quantity = excluded.quantity, currency = excluded.currency, unit_price = excluded.unit_price, expires_at = excluded.expires_at, token = excluded.token`,
      note.variantId,
      note.quantity,
      note.currency,
      note.unitPrice,
      note.expiresAt,
      note.token,
    );
    this.#reservations = undefined;
  }

  /** A paid order used its reservation: a line added later is at the regular price. */
  clearSaleReservations(): void {
    this.#sql.exec("DELETE FROM cart_sale_reservations");
    this.#reservations = Object.freeze([]);
  }
}
