import type { CartLine, ShippingAddress } from "../../domain/cart.ts";
import { isUsedUpReason, type UsedUpPromotion } from "../../domain/promotions/used-up.ts";
import type { CartWarning } from "../../domain/cart-warnings.ts";
import { isCurrency, type Currency } from "../../domain/money.ts";
import type { PromotionDefinition } from "../../domain/promotions/model.ts";
import type { PromotionSnapshot } from "./cart-promotions.ts";
import type { SaleReservationNote } from "./cart-sale-prices.ts";

/**
 * The CartObject's SQLite tables and every statement that touches them. All calls are
 * synchronous, which is what makes "read, decide, write" in one RPC method atomic: there is no
 * await in between for another request to slip into.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS cart_meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  currency TEXT,
  email TEXT,
  shipping_address TEXT,
  warnings TEXT NOT NULL DEFAULT '[]',
  last_order_id TEXT,
  checkout_key TEXT,
  checkout_snapshot TEXT,
  checkout_started_at INTEGER,
  prices_checked_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS cart_lines (
  id TEXT PRIMARY KEY,
  variant_id TEXT NOT NULL UNIQUE,
  product_slug TEXT NOT NULL,
  title TEXT NOT NULL,
  sku TEXT NOT NULL,
  image_url TEXT NOT NULL,
  unit_price INTEGER NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS cart_promotions (code TEXT PRIMARY KEY, position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS cart_merges (source_cart_id TEXT PRIMARY KEY, merged_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS cart_timers (name TEXT PRIMARY KEY, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS cart_pending_merges (source_cart_id TEXT PRIMARY KEY, lines TEXT NOT NULL, currency TEXT NOT NULL, requested_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS cart_promotion_snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL, definitions TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cart_used_up_promotions (promotion_id TEXT PRIMARY KEY, reason TEXT NOT NULL, until INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS cart_customer_tags (customer_id TEXT PRIMARY KEY, tags TEXT NOT NULL, told_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS cart_sale_reservations (variant_id TEXT PRIMARY KEY, quantity INTEGER NOT NULL, currency TEXT NOT NULL, unit_price INTEGER NOT NULL, expires_at INTEGER NOT NULL, token TEXT NOT NULL);
`;

/** Columns added after carts already existed, per table: added where missing, nullable. */
const ADDED_COLUMNS: Record<string, readonly string[]> = {
  cart_lines: ["product_id TEXT", "category_slugs TEXT"],
  cart_promotions: ["promotion_id TEXT", "single_use INTEGER NOT NULL DEFAULT 0"],
};

/** A code on the cart with the promotion the edge resolved it to (null for codes stored before that was kept). */
export interface StoredCode {
  code: string;
  promotionId: string | null;
  singleUse: boolean;
}

/** Another cart's lines waiting to join this one once its checkout hold ends (sign-in during a checkout). */
export interface PendingMerge {
  sourceCartId: string;
  lines: CartLine[];
  currency: Currency;
}

/**
 * The object has one alarm; these are the jobs it wakes up for: "expire" (the cart went untouched
 * for its lifetime) and "settle" (ask orders how the held checkout's order ended).
 */
export type CartTimerName = "expire" | "settle";
export type CartTimers = Record<CartTimerName, number | null>;

export interface CartMeta {
  currency: Currency | null;
  email: string | null;
  shippingAddress: ShippingAddress | null;
  warnings: CartWarning[];
  lastOrderId: string | null;
  checkoutKey: string | null;
  checkoutSnapshot: string | null;
  checkoutStartedAt: number | null;
  pricesCheckedAt: number | null;
}

type MetaRow = {
  currency: string | null;
  email: string | null;
  shipping_address: string | null;
  warnings: string;
  last_order_id: string | null;
  checkout_key: string | null;
  checkout_snapshot: string | null;
  checkout_started_at: number | null;
  prices_checked_at: number | null;
};

type LineRow = {
  id: string;
  product_id: string | null;
  category_slugs: string | null;
  variant_id: string;
  product_slug: string;
  title: string;
  sku: string;
  image_url: string;
  unit_price: number;
  quantity: number;
};

const EMPTY_META: CartMeta = {
  currency: null,
  email: null,
  shippingAddress: null,
  warnings: [],
  lastOrderId: null,
  checkoutKey: null,
  checkoutSnapshot: null,
  checkoutStartedAt: null,
  pricesCheckedAt: null,
};

export class CartStore {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  createTables(): void {
    this.#sql.exec(SCHEMA);
    this.#addLineColumns();
  }

  /**
   * CREATE TABLE IF NOT EXISTS leaves a table of an existing cart as it was, so columns added since
   * are added where missing (old lines get theirs at their next price refresh).
   */
  #addLineColumns(): void {
    for (const [table, columns] of Object.entries(ADDED_COLUMNS)) {
      const present = new Set(this.#sql.exec<{ name: string }>(`PRAGMA table_info(${table})`).toArray().map((c) => c.name));
      for (const column of columns) {
        if (!present.has(column.split(" ")[0] ?? "")) this.#sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column}`);
      }
    }
  }

  meta(): CartMeta {
    const row = this.#sql.exec<MetaRow>("SELECT * FROM cart_meta WHERE id = 1").toArray()[0];
    if (!row) return { ...EMPTY_META };
    return {
      currency: isCurrency(row.currency) ? row.currency : null,
      email: row.email,
      shippingAddress: row.shipping_address ? (JSON.parse(row.shipping_address) as ShippingAddress) : null,
      warnings: JSON.parse(row.warnings) as CartWarning[],
      lastOrderId: row.last_order_id,
      checkoutKey: row.checkout_key,
      checkoutSnapshot: row.checkout_snapshot,
      checkoutStartedAt: row.checkout_started_at,
      pricesCheckedAt: row.prices_checked_at,
    };
  }

  /** Writes the fields given, leaving the others as they are. */
  updateMeta(patch: Partial<CartMeta>): void {
    const next = { ...this.meta(), ...patch };
    this.#sql.exec(
      `INSERT INTO cart_meta (id, currency, email, shipping_address, warnings, last_order_id, checkout_key, checkout_snapshot, checkout_started_at, prices_checked_at, updated_at)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET currency = excluded.currency, email = excluded.email,
         shipping_address = excluded.shipping_address, warnings = excluded.warnings,
         last_order_id = excluded.last_order_id, checkout_key = excluded.checkout_key,
         checkout_snapshot = excluded.checkout_snapshot, checkout_started_at = excluded.checkout_started_at,
         prices_checked_at = excluded.prices_checked_at, updated_at = excluded.updated_at`,
      next.currency,
      next.email,
      next.shippingAddress ? JSON.stringify(next.shippingAddress) : null,
      JSON.stringify(next.warnings),
      next.lastOrderId,
      next.checkoutKey,
      next.checkoutSnapshot,
      next.checkoutStartedAt,
      next.pricesCheckedAt,
      Date.now(),
    );
  }

  lines(): CartLine[] {
    return this.#sql
      .exec<LineRow>("SELECT * FROM cart_lines ORDER BY position, id")
      .toArray()
      .map((r) => ({
        id: r.id,
        variantId: r.variant_id,
        productSlug: r.product_slug,
        title: r.title,
        sku: r.sku,
        imageUrl: r.image_url,
        unitPrice: r.unit_price,
        quantity: r.quantity,
        ...(r.product_id === null ? {} : { productId: r.product_id }),
        ...(r.category_slugs === null ? {} : { categorySlugs: JSON.parse(r.category_slugs) as string[] }),
      }));
  }

  /** Inserts a new line at the end, or updates an existing one in place. */
  saveLine(line: CartLine): void {
    this.#sql.exec(
      `INSERT INTO cart_lines (id, variant_id, product_slug, title, sku, image_url, unit_price, quantity, product_id, category_slugs, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM cart_lines))
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, unit_price = excluded.unit_price, quantity = excluded.quantity,
         product_id = COALESCE(excluded.product_id, product_id), category_slugs = COALESCE(excluded.category_slugs, category_slugs)`,
      line.id,
      line.variantId,
      line.productSlug,
      line.title,
      line.sku,
      line.imageUrl,
      line.unitPrice,
      line.quantity,
      line.productId ?? null,
      line.categorySlugs === undefined ? null : JSON.stringify(line.categorySlugs),
    );
  }

  deleteLine(lineId: string): void {
    this.#sql.exec("DELETE FROM cart_lines WHERE id = ?", lineId);
  }

  promotionCodes(): string[] {
    return this.#sql.exec<{ code: string }>("SELECT code FROM cart_promotions ORDER BY position").toArray().map((r) => r.code);
  }

  /** The codes with the promotions they were resolved to, in the order they were entered. */
  storedCodes(): StoredCode[] {
    return this.#sql
      .exec<{ code: string; promotion_id: string | null; single_use: number }>("SELECT code, promotion_id, single_use FROM cart_promotions ORDER BY position")
      .toArray()
      .map((r) => ({ code: r.code, promotionId: r.promotion_id, singleUse: r.single_use === 1 }));
  }

  addPromotion(code: string, resolved?: { promotionId: string; singleUse: boolean }): void {
    this.#sql.exec(
      "INSERT OR IGNORE INTO cart_promotions (code, position, promotion_id, single_use) VALUES (?, (SELECT COALESCE(MAX(position), 0) + 1 FROM cart_promotions), ?, ?)",
      code,
      resolved?.promotionId ?? null,
      resolved?.singleUse ? 1 : 0,
    );
  }

  /** The version of the kept promotion snapshot (cheap: the definitions are not read), or null. */
  promotionSnapshotVersion(): number | null {
    return this.#sql.exec<{ version: number }>("SELECT version FROM cart_promotion_snapshot WHERE id = 1").toArray()[0]?.version ?? null;
  }

  /** The newest promotion snapshot the edge has handed this cart, if any. */
  promotionSnapshot(): PromotionSnapshot | null {
    const row = this.#sql.exec<{ version: number; definitions: string }>("SELECT version, definitions FROM cart_promotion_snapshot WHERE id = 1").toArray()[0];
    return row ? { version: row.version, definitions: JSON.parse(row.definitions) as PromotionDefinition[] } : null;
  }

  /** Keeps `snapshot` unless the cart already has a newer one (catalog versions only move forward). */
  savePromotionSnapshot(snapshot: PromotionSnapshot): void {
    this.#sql.exec(
      `INSERT INTO cart_promotion_snapshot (id, version, definitions) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version, definitions = excluded.definitions WHERE excluded.version > cart_promotion_snapshot.version`,
      snapshot.version,
      JSON.stringify(snapshot.definitions),
    );
  }

  /** Promotions a checkout found used up, while the notice lasts (domain/promotions/used-up.ts). */
  usedUpPromotions(now: number): UsedUpPromotion[] {
    return this.#sql
      .exec<{ promotion_id: string; reason: string; until: number }>("SELECT promotion_id, reason, until FROM cart_used_up_promotions WHERE until > ? ORDER BY promotion_id", now)
      .toArray()
      .flatMap((r) => (isUsedUpReason(r.reason) ? [{ promotionId: r.promotion_id, reason: r.reason, until: r.until }] : []));
  }

  /** The tags the edge last told this cart the customer has (none when never told). */
  customerTags(customerId: string): string[] {
    const row = this.#sql.exec<{ tags: string }>("SELECT tags FROM cart_customer_tags WHERE customer_id = ?", customerId).toArray()[0];
    return row ? (JSON.parse(row.tags) as string[]) : [];
  }

  saveCustomerTags(customerId: string, tags: readonly string[], now: number): void {
    this.#sql.exec(
      "INSERT INTO cart_customer_tags (customer_id, tags, told_at) VALUES (?, ?, ?) ON CONFLICT (customer_id) DO UPDATE SET tags = excluded.tags, told_at = excluded.told_at",
      customerId,
      JSON.stringify(tags),
      now,
    );
  }

  noteUsedUp(list: readonly UsedUpPromotion[], now: number): void {
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

  removePromotion(code: string): void {
    this.#sql.exec("DELETE FROM cart_promotions WHERE code = ?", code);
  }

  hasMerged(sourceCartId: string): boolean {
    return this.#sql.exec("SELECT 1 FROM cart_merges WHERE source_cart_id = ?", sourceCartId).toArray().length > 0;
  }

  recordMerge(sourceCartId: string): void {
    this.#sql.exec("INSERT INTO cart_merges (source_cart_id, merged_at) VALUES (?, ?)", sourceCartId, Date.now());
  }

  timers(): CartTimers {
    const rows = this.#sql.exec<{ name: string; at: number }>("SELECT name, at FROM cart_timers").toArray();
    const at = (name: CartTimerName) => rows.find((r) => r.name === name)?.at ?? null;
    return { expire: at("expire"), settle: at("settle") };
  }

  /** Sets (or, with null, clears) when the alarm should next wake up for `name`. */
  setTimer(name: CartTimerName, at: number | null): void {
    if (at === null) this.#sql.exec("DELETE FROM cart_timers WHERE name = ?", name);
    else this.#sql.exec("INSERT INTO cart_timers (name, at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET at = excluded.at", name, at);
  }

  pendingMerges(): PendingMerge[] {
    return this.#sql
      .exec<{ source_cart_id: string; lines: string; currency: string }>("SELECT source_cart_id, lines, currency FROM cart_pending_merges ORDER BY requested_at, source_cart_id")
      .toArray()
      .flatMap((r) => (isCurrency(r.currency) ? [{ sourceCartId: r.source_cart_id, lines: JSON.parse(r.lines) as CartLine[], currency: r.currency }] : []));
  }

  hasPendingMerge(sourceCartId: string): boolean {
    return this.#sql.exec("SELECT 1 FROM cart_pending_merges WHERE source_cart_id = ?", sourceCartId).toArray().length > 0;
  }

  addPendingMerge(merge: PendingMerge): void {
    this.#sql.exec(
      "INSERT OR IGNORE INTO cart_pending_merges (source_cart_id, lines, currency, requested_at) VALUES (?, ?, ?, ?)",
      merge.sourceCartId,
      JSON.stringify(merge.lines),
      merge.currency,
      Date.now(),
    );
  }

  deletePendingMerge(sourceCartId: string): void {
    this.#sql.exec("DELETE FROM cart_pending_merges WHERE source_cart_id = ?", sourceCartId);
  }

  /** Empties the cart after an order; merge records stay so a late merge cannot refill it. */
  clearContents(): void {
    this.#sql.exec("DELETE FROM cart_lines");
    this.#sql.exec("DELETE FROM cart_promotions");
    // A paid order used its reservation: a line added later is at the regular price.
    this.#sql.exec("DELETE FROM cart_sale_reservations");
  }

  /** Flash-sale reservations still alive at `now` (the others are dropped on the next save). */
  saleReservations(now: number): SaleReservationNote[] {
    return this.#sql
      .exec<{ variant_id: string; quantity: number; currency: string; unit_price: number; expires_at: number; token: string }>(
        "SELECT variant_id, quantity, currency, unit_price, expires_at, token FROM cart_sale_reservations WHERE expires_at > ?",
        now,
      )
      .toArray()
      .flatMap((r) => (isCurrency(r.currency) ? [{ variantId: r.variant_id, quantity: r.quantity, currency: r.currency, unitPrice: r.unit_price, expiresAt: r.expires_at, token: r.token }] : []));
  }

  forgetSaleReservation(token: string): void {
    this.#sql.exec("DELETE FROM cart_sale_reservations WHERE token = ?", token);
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
  }
}
