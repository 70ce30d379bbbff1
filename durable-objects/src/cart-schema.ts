import type { CartLine, ShippingAddress } from "../../domain/cart.ts";
import type { CartWarning } from "../../domain/cart-warnings.ts";
import { isCurrency, type Currency } from "../../domain/money.ts";

/** The CartObject's SQLite tables, and how their rows read as the cart's own types. */
export const SCHEMA = `
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
export const ADDED_COLUMNS: Record<string, readonly string[]> = {
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

export type MetaRow = {
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

export type LineRow = {
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

export const EMPTY_META: CartMeta = {
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

export function metaOf(row: MetaRow): CartMeta {
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

export function lineOf(r: LineRow): CartLine {
  return {
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
  };
}

/** Whether two metas would write the same row (updated_at aside). */
export function sameMeta(a: CartMeta, b: CartMeta): boolean {
  return (
    a.currency === b.currency &&
    a.email === b.email &&
    a.lastOrderId === b.lastOrderId &&
    a.checkoutKey === b.checkoutKey &&
    a.checkoutSnapshot === b.checkoutSnapshot &&
    a.checkoutStartedAt === b.checkoutStartedAt &&
    a.pricesCheckedAt === b.pricesCheckedAt &&
    (a.shippingAddress === b.shippingAddress || JSON.stringify(a.shippingAddress) === JSON.stringify(b.shippingAddress)) &&
    (a.warnings === b.warnings || JSON.stringify(a.warnings) === JSON.stringify(b.warnings))
  );
}
