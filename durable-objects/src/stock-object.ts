import { DurableObject } from "cloudflare:workers";
import { shardName, shardShare, withinCustomerMax, MAX_SHARDS } from "../../domain/flash-sale.ts";
import { settleWithOrders } from "./reservation-settle.ts";
import { HandOverStore } from "./stock-handover.ts";
import { StockStore } from "./stock-store.ts";

/**
 * One shard of one flash sale's allocation (named `<saleId>:<shard>`). It hands units out as
 * reservations with a time-to-live and takes them back when orders says the reservation's order
 * failed, was cancelled or never came. Every decision is synchronous SQL before any await, so two
 * buyers can never both take the last unit. Refusals come back as values (RPC drops error fields).
 */
export interface ShardConfig {
  saleId: string;
  shard: number;
  shards: number;
  allocation: number;
  perCustomerMax: number;
  endsAt: number;
  /** How long a reservation lives before the alarm asks orders about it. */
  ttlMs: number;
}

export type ReserveResult =
  | { ok: true; reservationId: string; expiresAt: number; left: number }
  | { ok: false; code: "SOLD_OUT" | "FLASH_SALE_LIMIT_REACHED" | "UNAVAILABLE" | "INVALID_ARGUMENT"; left: number };

export type SettleResult = { outcome: "confirmed" | "released" | "pending" | "unknown" | "not_held" };

export interface ShardStatus {
  available: number;
  held: number;
  confirmed: number;
  initial: number;
}

/** An unclear answer from orders is asked about again this much later. */
const RETRY_SETTLE_MS = 30_000;
const SETTLE_BATCH = 50;

function validConfig(c: ShardConfig): boolean {
  return (
    typeof c.saleId === "string" &&
    Number.isInteger(c.shards) && c.shards >= 1 && c.shards <= MAX_SHARDS &&
    Number.isInteger(c.shard) && c.shard >= 0 && c.shard < c.shards &&
    Number.isInteger(c.allocation) && c.allocation >= 0 &&
    Number.isInteger(c.perCustomerMax) && c.perCustomerMax >= 1 &&
    Number.isFinite(c.ttlMs) && c.ttlMs > 0
  );
}

export class StockObject extends DurableObject<Env> {
  readonly #store: StockStore;
  readonly #handOvers: HandOverStore;
  /** The alarm time this instance last set (null: none), so a reserve does not ask storage every time. */
  #alarmAt: number | null | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#store = new StockStore(ctx.storage.sql);
    this.#handOvers = new HandOverStore(ctx.storage.sql);
    void ctx.blockConcurrencyWhile(async () => {
      this.#store.createTables();
      this.#handOvers.createTables();
    });
  }

  /**
   * Reserves `quantity` units for `buyerKey`, or says why not. The shard takes its share of the
   * allocation on its first call, once; its share is what it may ever hand out at one time.
   */
  async reserve(config: ShardConfig, buyerKey: string, quantity: number): Promise<ReserveResult> {
    if (!validConfig(config) || typeof buyerKey !== "string" || !Number.isInteger(quantity) || quantity < 1) return { ok: false, code: "INVALID_ARGUMENT", left: 0 };
    const now = Date.now();
    this.#store.initialise(config.saleId, config.shard, shardShare(config.allocation, config.shards, config.shard));
    const available = this.#store.meta()?.available ?? 0;
    if (now >= config.endsAt) return { ok: false, code: "UNAVAILABLE", left: available };
    if (available < quantity) return { ok: false, code: "SOLD_OUT", left: available };
    if (!withinCustomerMax(this.#store.heldBy(buyerKey), quantity, config.perCustomerMax)) return { ok: false, code: "FLASH_SALE_LIMIT_REACHED", left: available };
    // The shard is in the id, so whoever settles it knows which object to ask (edge/src/flash-sales/shards.ts).
    const reservationId = `rsv_${config.shard}-${crypto.randomUUID()}`;
    // A reservation never outlives the sale by more than its TTL, and never lives past it needlessly.
    const expiresAt = Math.min(now + config.ttlMs, Math.max(config.endsAt, now + 1));
    this.#store.addAvailable(-quantity);
    this.#store.insert({ id: reservationId, buyerKey, quantity, expiresAt, state: "held" });
    await this.#armFor(expiresAt);
    return { ok: true, reservationId, expiresAt, left: available - quantity };
  }

  /**
   * Asks orders how the reservation ended and acts on it: confirmed keeps the units, released
   * puts them back on sale. The edge calls it right after the checkout answer; the alarm on expiry.
   */
  async settle(reservationId: string): Promise<SettleResult> {
    if (this.#store.reservation(String(reservationId))?.state !== "held") return { outcome: "not_held" };
    const outcome = await settleWithOrders(this.env, reservationId);
    // Re-read after the await: another settle of the same reservation may have got here first.
    if (this.#store.reservation(reservationId)?.state !== "held") return { outcome: "not_held" };
    if (outcome === "confirmed") this.#store.confirm(reservationId);
    if (outcome === "released") this.#store.release(reservationId);
    return { outcome };
  }

  /**
   * Hands up to `units` of this shard's available units to shard `toShard` of the same sale (see
   * stock-handover.ts); answers how many went. The units leave here before any await, and reach
   * the receiver exactly once, now or on a later alarm.
   */
  async handOver(config: ShardConfig, toShard: number, units: number): Promise<{ given: number }> {
    if (!validConfig(config) || !Number.isInteger(toShard) || toShard < 0 || toShard >= config.shards || toShard === config.shard || !Number.isInteger(units) || units < 1) return { given: 0 };
    this.#store.initialise(config.saleId, config.shard, shardShare(config.allocation, config.shards, config.shard));
    const given = Math.min(units, this.#store.meta()?.available ?? 0);
    if (given === 0) return { given: 0 };
    const transfer = { id: `xfer_${config.shard}-${crypto.randomUUID()}`, toShard, units: given, config: JSON.stringify({ ...config, shard: toShard }) };
    this.#store.addAvailable(-given);
    this.#handOvers.recordOutgoing(transfer);
    if (!(await this.#deliver(transfer))) await this.#armFor(Date.now() + RETRY_SETTLE_MS);
    return { given };
  }

  /** Takes units handed over by another shard; the same transfer delivered again adds nothing. */
  receive(config: ShardConfig, transferId: string, units: number): { taken: boolean } {
    if (!validConfig(config) || typeof transferId !== "string" || !Number.isInteger(units) || units < 1) return { taken: false };
    this.#store.initialise(config.saleId, config.shard, shardShare(config.allocation, config.shards, config.shard));
    if (this.#handOvers.recordIncoming(transferId, units, Date.now())) this.#store.addAvailable(units);
    return { taken: true };
  }

  /** Delivers a recorded transfer; true once the receiver has it (then the record goes). */
  async #deliver(transfer: { id: string; toShard: number; units: number; config: string }): Promise<boolean> {
    try {
      const config = JSON.parse(transfer.config) as ShardConfig;
      const { taken } = await this.env.STOCK.getByName(shardName(config.saleId, transfer.toShard)).receive(config, transfer.id, transfer.units);
      if (taken) this.#handOvers.delivered(transfer.id);
      return taken;
    } catch {
      return false;
    }
  }

  status(): ShardStatus {
    const meta = this.#store.meta();
    return { available: meta?.available ?? 0, initial: meta?.initial ?? 0, ...this.#store.counts() };
  }

  /**
   * Settles every reservation whose time is up and delivers hand-overs not yet taken; what orders
   * could not answer, or a shard did not take, is tried again later.
   */
  override async alarm(): Promise<void> {
    this.#alarmAt = null;
    const due = this.#store.due(Date.now(), SETTLE_BATCH);
    const [outcomes, delivered] = await Promise.all([Promise.all(due.map((r) => this.settle(r.id))), Promise.all(this.#handOvers.outgoing().map((t) => this.#deliver(t)))]);
    const unsettled = outcomes.some((o) => o.outcome === "pending" || o.outcome === "unknown") || delivered.includes(false);
    const next = this.#store.nextExpiry();
    const retryAt = unsettled || due.length === SETTLE_BATCH ? Date.now() + (due.length === SETTLE_BATCH ? 0 : RETRY_SETTLE_MS) : null;
    const at = [next !== null && next > Date.now() ? next : null, retryAt].filter((t): t is number => t !== null);
    if (at.length > 0) await this.#armFor(Math.min(...at), true);
  }

  /** Makes sure the alarm fires by `at`. */
  async #armFor(at: number, force = false): Promise<void> {
    if (this.#alarmAt === undefined) this.#alarmAt = await this.ctx.storage.getAlarm();
    if (!force && this.#alarmAt !== null && this.#alarmAt <= at) return;
    this.#alarmAt = at;
    await this.ctx.storage.setAlarm(at);
  }
}
