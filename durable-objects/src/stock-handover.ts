/**
 * Units handed from one shard of a flash sale to another, so that a buyer of several units is not
 * told "sold out" while enough units are left spread over the shards (the edge pools them into
 * one shard first, edge/src/flash-sales/shards.ts).
 *
 * A hand-over crosses two objects, so it is made safe in steps, each durable:
 * 1. the donor takes the units out of its `available` and records an outgoing transfer, in one
 *    synchronous step (the units are then nowhere for sale, never in two places);
 * 2. the donor asks the receiver to take them, under the transfer's id; the receiver records the
 *    id with the units it adds, so a repeated delivery adds nothing;
 * 3. the donor deletes its record. If step 2 failed (the receiver was unreachable, the donor was
 *    evicted), the donor's alarm delivers the recorded transfer again until it is taken.
 * So a unit can be in flight for a moment (shown as fewer left, never sold twice) but never lost.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS stock_transfers_out (id TEXT PRIMARY KEY, to_shard INTEGER NOT NULL, units INTEGER NOT NULL CHECK (units > 0), config TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stock_transfers_in (id TEXT PRIMARY KEY, units INTEGER NOT NULL, received_at INTEGER NOT NULL);
`;

export interface OutgoingTransfer {
  id: string;
  toShard: number;
  units: number;
  /** The receiver's ShardConfig, JSON: it may need to take its own share first. */
  config: string;
}

export class HandOverStore {
  readonly #sql: SqlStorage;
  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  createTables(): void {
    this.#sql.exec(SCHEMA);
  }

  recordOutgoing(t: OutgoingTransfer): void {
    this.#sql.exec("INSERT INTO stock_transfers_out (id, to_shard, units, config) VALUES (?, ?, ?, ?)", t.id, t.toShard, t.units, t.config);
  }

  delivered(id: string): void {
    this.#sql.exec("DELETE FROM stock_transfers_out WHERE id = ?", id);
  }

  outgoing(): OutgoingTransfer[] {
    return this.#sql
      .exec<{ id: string; to_shard: number; units: number; config: string }>("SELECT id, to_shard, units, config FROM stock_transfers_out ORDER BY id")
      .toArray()
      .map((r) => ({ id: r.id, toShard: r.to_shard, units: r.units, config: r.config }));
  }

  /** Records an incoming transfer; false when this id was taken before (a repeated delivery). */
  recordIncoming(id: string, units: number, now: number): boolean {
    return this.#sql.exec("INSERT OR IGNORE INTO stock_transfers_in (id, units, received_at) VALUES (?, ?, ?) RETURNING id", id, units, now).toArray().length > 0;
  }
}
