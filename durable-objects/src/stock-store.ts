/**
 * The StockObject's SQLite tables and statements. Synchronous, so "read, decide, write" inside
 * one RPC method is atomic: no await between them for another request to slip into.
 *
 * `stock_meta.available` are units this shard may still hand out; a reservation row is either
 * `held` (handed out, not yet paid) or `confirmed` (its order is paid: never given back).
 * Released reservations are deleted and their units added back to `available`.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS stock_meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  sale_id TEXT NOT NULL,
  shard INTEGER NOT NULL,
  initial INTEGER NOT NULL,
  available INTEGER NOT NULL CHECK (available >= 0)
);
CREATE TABLE IF NOT EXISTS stock_reservations (
  id TEXT PRIMARY KEY,
  buyer_key TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  expires_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('held', 'confirmed'))
);
CREATE INDEX IF NOT EXISTS stock_reservations_buyer ON stock_reservations (buyer_key);
CREATE INDEX IF NOT EXISTS stock_reservations_due ON stock_reservations (state, expires_at);
`;

export interface StockMeta {
  saleId: string;
  shard: number;
  initial: number;
  available: number;
}

export interface StockReservation {
  id: string;
  buyerKey: string;
  quantity: number;
  expiresAt: number;
  state: "held" | "confirmed";
}

type ReservationRow = { id: string; buyer_key: string; quantity: number; expires_at: number; state: "held" | "confirmed" };
const toReservation = (r: ReservationRow): StockReservation => ({ id: r.id, buyerKey: r.buyer_key, quantity: r.quantity, expiresAt: r.expires_at, state: r.state });

export class StockStore {
  readonly #sql: SqlStorage;
  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  createTables(): void {
    this.#sql.exec(SCHEMA);
  }

  meta(): StockMeta | undefined {
    const row = this.#sql.exec<{ sale_id: string; shard: number; initial: number; available: number }>("SELECT sale_id, shard, initial, available FROM stock_meta WHERE id = 1").toArray()[0];
    return row && { saleId: row.sale_id, shard: row.shard, initial: row.initial, available: row.available };
  }

  /** The shard's share, recorded once: later calls never top it up again. */
  initialise(saleId: string, shard: number, units: number): void {
    this.#sql.exec("INSERT OR IGNORE INTO stock_meta (id, sale_id, shard, initial, available) VALUES (1, ?, ?, ?, ?)", saleId, shard, units, units);
  }

  addAvailable(delta: number): void {
    this.#sql.exec("UPDATE stock_meta SET available = available + ? WHERE id = 1", delta);
  }

  heldBy(buyerKey: string): number {
    return this.#sql.exec<{ n: number }>("SELECT COALESCE(SUM(quantity), 0) AS n FROM stock_reservations WHERE buyer_key = ?", buyerKey).one().n;
  }

  insert(r: StockReservation): void {
    this.#sql.exec("INSERT INTO stock_reservations (id, buyer_key, quantity, expires_at, state) VALUES (?, ?, ?, ?, ?)", r.id, r.buyerKey, r.quantity, r.expiresAt, r.state);
  }

  reservation(id: string): StockReservation | undefined {
    const row = this.#sql.exec<ReservationRow>("SELECT id, buyer_key, quantity, expires_at, state FROM stock_reservations WHERE id = ?", id).toArray()[0];
    return row && toReservation(row);
  }

  confirm(id: string): void {
    this.#sql.exec("UPDATE stock_reservations SET state = 'confirmed' WHERE id = ?", id);
  }

  /** Deletes a held reservation and puts its units back; false when it was not held (settled already). */
  release(id: string): boolean {
    const held = this.#sql.exec<{ quantity: number }>("DELETE FROM stock_reservations WHERE id = ? AND state = 'held' RETURNING quantity", id).toArray()[0];
    if (!held) return false;
    this.addAvailable(held.quantity);
    return true;
  }

  /** Held reservations whose time is up at `now`, oldest first. */
  due(now: number, limit: number): StockReservation[] {
    return this.#sql
      .exec<ReservationRow>("SELECT id, buyer_key, quantity, expires_at, state FROM stock_reservations WHERE state = 'held' AND expires_at <= ? ORDER BY expires_at LIMIT ?", now, limit)
      .toArray()
      .map(toReservation);
  }

  nextExpiry(): number | null {
    return this.#sql.exec<{ at: number | null }>("SELECT MIN(expires_at) AS at FROM stock_reservations WHERE state = 'held'").one().at;
  }

  counts(): { held: number; confirmed: number } {
    const rows = this.#sql.exec<{ state: string; n: number }>("SELECT state, COALESCE(SUM(quantity), 0) AS n FROM stock_reservations GROUP BY state").toArray();
    return { held: rows.find((r) => r.state === "held")?.n ?? 0, confirmed: rows.find((r) => r.state === "confirmed")?.n ?? 0 };
  }
}
