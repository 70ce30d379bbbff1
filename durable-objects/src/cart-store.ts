import type { CartLine } from "../../domain/cart.ts";
import type { PromotionDefinition } from "../../domain/promotions/model.ts";
import type { PromotionSnapshot } from "./cart-promotions.ts";
import { CartMerges } from "./cart-merges.ts";
import { CartNotes } from "./cart-notes.ts";
import {
  ADDED_COLUMNS,
  EMPTY_META,
  lineOf,
  metaOf,
  sameMeta,
  SCHEMA,
  type CartMeta,
  type CartTimerName,
  type CartTimers,
  type LineRow,
  type MetaRow,
  type StoredCode,
} from "./cart-schema.ts";

export type { CartMeta, CartTimerName, CartTimers, PendingMerge, StoredCode } from "./cart-schema.ts";

/**
 * Every statement that touches the CartObject's SQLite tables (cart-schema.ts). All calls are
 * synchronous, which is what makes "read, decide, write" in one RPC method atomic: there is no
 * await in between for another request to slip into.
 *
 * The store is the only writer of these tables (the alarm's deleteAll is followed by
 * createTables, which forgets everything), so it keeps what it has read and written in memory
 * and reads each table from SQLite at most once per object lifetime: an add to cart is then one
 * statement (its line), not the fifteen reads and writes it used to take. What it hands out is
 * frozen, as it is shared with the next call.
 */
export class CartStore {
  readonly #sql: SqlStorage;
  // What each table holds, once read (undefined: not read yet, or forgotten after a rare write).
  #meta: CartMeta | undefined;
  #metaRow = false;
  #lines: readonly CartLine[] | undefined;
  #codes: readonly StoredCode[] | undefined;
  #snapshot: { version: number | null; definitions?: readonly PromotionDefinition[] } | undefined;
  #timers: CartTimers | undefined;
  /** What the rest of the shop told this cart (cart-notes.ts). */
  readonly notes: CartNotes;
  /** Guest carts merged in, and merges waiting for a checkout to end (cart-merges.ts). */
  readonly merges: CartMerges;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
    this.notes = new CartNotes(sql);
    this.merges = new CartMerges(sql);
  }

  /** Creates what is missing, and forgets everything kept in memory (the alarm calls it after deleteAll). */
  createTables(): void {
    this.#sql.exec(SCHEMA);
    this.#addLineColumns();
    this.#meta = this.#lines = this.#codes = this.#snapshot = this.#timers = undefined;
    this.#metaRow = false;
    this.notes.forget();
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
    if (!this.#meta) {
      const row = this.#sql.exec<MetaRow>("SELECT * FROM cart_meta WHERE id = 1").toArray()[0];
      this.#metaRow = row !== undefined;
      this.#meta = frozenMeta(row ? metaOf(row) : EMPTY_META);
    }
    return this.#meta;
  }

  /** Writes the fields given, leaving the others as they are; a patch that changes nothing writes nothing. */
  updateMeta(patch: Partial<CartMeta>): void {
    const current = this.meta();
    const next = { ...current, ...patch };
    if (this.#metaRow && sameMeta(current, next)) return;
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
    this.#metaRow = true;
    this.#meta = frozenMeta(next);
  }

  lines(): readonly CartLine[] {
    this.#lines ??= Object.freeze(this.#sql.exec<LineRow>("SELECT * FROM cart_lines ORDER BY position, id").toArray().map((r) => Object.freeze(lineOf(r))));
    return this.#lines;
  }

  /** Inserts a new line at the end, or updates an existing one in place. */
  saveLine(line: CartLine): void {
    const lines = this.lines();
    const index = lines.findIndex((l) => l.id === line.id);
    const existing = lines[index];
    if (existing) {
      // An update by key: cheaper than the insert below meeting its conflict, which is what an
      // add of a variant already in the cart used to cost.
      this.#sql.exec(
        `UPDATE cart_lines SET title = ?, unit_price = ?, quantity = ?, product_id = COALESCE(?, product_id), category_slugs = COALESCE(?, category_slugs) WHERE id = ?`,
        line.title,
        line.unitPrice,
        line.quantity,
        line.productId ?? null,
        categoriesOf(line),
        line.id,
      );
      // As the statement did: the new title, price and quantity; product and categories kept unless given.
      const saved = lineOf({ ...lineRow(existing), title: line.title, unit_price: line.unitPrice, quantity: line.quantity, product_id: line.productId ?? existing.productId ?? null, category_slugs: categoriesOf(line) ?? categoriesOf(existing) });
      this.#lines = Object.freeze(lines.map((l, i) => (i === index ? Object.freeze(saved) : l)));
      return;
    }
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
      categoriesOf(line),
    );
    // A new line goes last.
    this.#lines = Object.freeze([...lines, Object.freeze(lineOf(lineRow(line)))]);
  }

  deleteLine(lineId: string): void {
    const lines = this.lines();
    this.#sql.exec("DELETE FROM cart_lines WHERE id = ?", lineId);
    this.#lines = Object.freeze(lines.filter((l) => l.id !== lineId));
  }

  promotionCodes(): string[] {
    return this.storedCodes().map((c) => c.code);
  }

  /** The codes with the promotions they were resolved to, in the order they were entered. */
  storedCodes(): StoredCode[] {
    this.#codes ??= Object.freeze(
      this.#sql
        .exec<{ code: string; promotion_id: string | null; single_use: number }>("SELECT code, promotion_id, single_use FROM cart_promotions ORDER BY position")
        .toArray()
        .map((r) => Object.freeze({ code: r.code, promotionId: r.promotion_id, singleUse: r.single_use === 1 })),
    );
    return [...this.#codes];
  }

  addPromotion(code: string, resolved?: { promotionId: string; singleUse: boolean }): void {
    const codes = this.storedCodes();
    this.#sql.exec(
      "INSERT OR IGNORE INTO cart_promotions (code, position, promotion_id, single_use) VALUES (?, (SELECT COALESCE(MAX(position), 0) + 1 FROM cart_promotions), ?, ?)",
      code,
      resolved?.promotionId ?? null,
      resolved?.singleUse ? 1 : 0,
    );
    if (!codes.some((c) => c.code === code)) {
      this.#codes = Object.freeze([...codes, Object.freeze({ code, promotionId: resolved?.promotionId ?? null, singleUse: resolved?.singleUse === true })]);
    }
  }

  removePromotion(code: string): void {
    const codes = this.storedCodes();
    this.#sql.exec("DELETE FROM cart_promotions WHERE code = ?", code);
    this.#codes = Object.freeze(codes.filter((c) => c.code !== code));
  }

  #promotionSnapshot(): { version: number | null; definitions?: readonly PromotionDefinition[] } {
    this.#snapshot ??= { version: this.#sql.exec<{ version: number }>("SELECT version FROM cart_promotion_snapshot WHERE id = 1").toArray()[0]?.version ?? null };
    return this.#snapshot;
  }

  /** The version of the kept promotion snapshot, or null when the edge never handed one. */
  promotionSnapshotVersion(): number | null {
    return this.#promotionSnapshot().version;
  }

  /** The definitions of the newest promotion snapshot the edge has handed this cart (none: empty). */
  promotionDefinitions(): readonly PromotionDefinition[] {
    const kept = this.#promotionSnapshot();
    if (kept.version === null) return [];
    kept.definitions ??= Object.freeze(
      JSON.parse(this.#sql.exec<{ definitions: string }>("SELECT definitions FROM cart_promotion_snapshot WHERE id = 1").toArray()[0]?.definitions ?? "[]") as PromotionDefinition[],
    );
    return kept.definitions;
  }

  /** Keeps `snapshot` unless the cart already has one as new (catalog versions only move forward). */
  savePromotionSnapshot(snapshot: PromotionSnapshot): void {
    const kept = this.promotionSnapshotVersion();
    if (kept !== null && snapshot.version <= kept) return;
    this.#sql.exec(
      `INSERT INTO cart_promotion_snapshot (id, version, definitions) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version, definitions = excluded.definitions WHERE excluded.version > cart_promotion_snapshot.version`,
      snapshot.version,
      JSON.stringify(snapshot.definitions),
    );
    this.#snapshot = { version: snapshot.version, definitions: Object.freeze([...snapshot.definitions]) };
  }

  timers(): CartTimers {
    if (!this.#timers) {
      const rows = this.#sql.exec<{ name: string; at: number }>("SELECT name, at FROM cart_timers").toArray();
      const at = (name: CartTimerName) => rows.find((r) => r.name === name)?.at ?? null;
      this.#timers = { expire: at("expire"), settle: at("settle") };
    }
    return { ...this.#timers };
  }

  /** Sets (or, with null, clears) when the alarm should next wake up for `name`. */
  setTimer(name: CartTimerName, at: number | null): void {
    const timers = this.timers();
    if (timers[name] === at) return;
    if (at === null) this.#sql.exec("DELETE FROM cart_timers WHERE name = ?", name);
    else this.#sql.exec("INSERT INTO cart_timers (name, at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET at = excluded.at", name, at);
    this.#timers = { ...timers, [name]: at };
  }

  /** Empties the cart after an order; merge records stay so a late merge cannot refill it. */
  clearContents(): void {
    this.#sql.exec("DELETE FROM cart_lines");
    this.#sql.exec("DELETE FROM cart_promotions");
    // A paid order used its reservation: a line added later is at the regular price.
    this.notes.clearSaleReservations();
    this.#lines = Object.freeze([]);
    this.#codes = Object.freeze([]);
  }
}

function frozenMeta(meta: CartMeta): CartMeta {
  Object.freeze(meta.warnings);
  if (meta.shippingAddress) Object.freeze(meta.shippingAddress);
  return Object.freeze({ ...meta });
}

function categoriesOf(line: CartLine): string | null {
  return line.categorySlugs === undefined ? null : JSON.stringify(line.categorySlugs);
}

/** A line as its row reads back (what saveLine's statement stores). */
function lineRow(line: CartLine): LineRow {
  return {
    id: line.id,
    variant_id: line.variantId,
    product_slug: line.productSlug,
    title: line.title,
    sku: line.sku,
    image_url: line.imageUrl,
    unit_price: line.unitPrice,
    quantity: line.quantity,
    product_id: line.productId ?? null,
    category_slugs: categoriesOf(line),
  };
}
