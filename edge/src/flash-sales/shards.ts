import { shardName, shardOrder, shardShare, type FlashSale } from "../../../domain/flash-sale.ts";
import type { ReserveResult, ShardConfig } from "../../../durable-objects/src/stock-object.ts";

/**
 * Handing out a sale's units across its shards. The edge starts at a random shard and goes round
 * the others, so buyers spread over the shards and "sold out" is said only when every shard said
 * so. When units are left but no one shard has as many as a buyer asks for, the shards hand units
 * to one of them first (pool), so no unit is stranded by how the allocation was split. Once every
 * shard is empty, this isolate remembers "sold out" for a moment (FLASH_SALE_SOLD_OUT_MEMO_MS): the
 * stampede after the last unit is answered here without reaching the objects, and units that come
 * back on sale are sold again once the moment has passed (at once, when they came back here). A
 * buyer refused for a larger quantity than is left does not set it: smaller buyers still get theirs.
 */
const soldOutUntil = new Map<string, number>();
const DEFAULT_TTL_MS = 10 * 60_000;
const DEFAULT_MEMO_MS = 1_500;

const positive = (raw: string | undefined, fallback: number) => {
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

export function reservationTtlMs(env: Env): number {
  return positive(env.FLASH_SALE_RESERVATION_TTL_MS, DEFAULT_TTL_MS);
}

export { shardName };

/** The shard is part of the reservation id, so a settle goes straight to the object that holds it. */
export function shardOfReservation(reservationId: string): number | undefined {
  const match = /^rsv_(\d+)-/.exec(reservationId);
  return match ? Number(match[1]) : undefined;
}

export function rememberedSoldOut(saleId: string, now = Date.now()): boolean {
  return (soldOutUntil.get(saleId) ?? 0) > now;
}

export function forgetSoldOut(saleId: string): void {
  soldOutUntil.delete(saleId);
}

export type ShardReservation = (ReserveResult & { ok: true }) & { shard: number };
export type ShardRefusal = { ok: false; code: "SOLD_OUT" | "FLASH_SALE_LIMIT_REACHED" | "UNAVAILABLE" | "INVALID_ARGUMENT" };

export async function reserveFromShards(env: Env, sale: FlashSale, buyerKey: string, quantity: number): Promise<ShardReservation | ShardRefusal> {
  if (rememberedSoldOut(sale.id)) return { ok: false, code: "SOLD_OUT" };
  const ttlMs = reservationTtlMs(env);
  const configOf = (shard: number): ShardConfig => ({ saleId: sale.id, shard, shards: sale.shards, allocation: sale.allocation, perCustomerMax: sale.perCustomerMax, endsAt: sale.endsAt, ttlMs });
  const reserveAt = async (shard: number) => ({ shard, result: await env.STOCK.getByName(shardName(sale.id, shard)).reserve(configOf(shard), buyerKey, quantity) });
  const left = new Map<number, number>();
  for (const shard of shardOrder(sale.shards, Math.floor(Math.random() * sale.shards))) {
    const { result } = await reserveAt(shard);
    if (result.ok) return { ...result, shard };
    // A limit or an ended sale is the same answer on every shard: no point asking the others.
    if (result.code !== "SOLD_OUT") return { ok: false, code: result.code };
    left.set(shard, result.left);
  }
  const total = [...left.values()].reduce((a, b) => a + b, 0);
  // Only when every shard is empty is the sale sold out for everyone: remember it for a moment.
  if (total === 0) {
    soldOutUntil.set(sale.id, Date.now() + positive(env.FLASH_SALE_SOLD_OUT_MEMO_MS, DEFAULT_MEMO_MS));
    return { ok: false, code: "SOLD_OUT" };
  }
  // Enough units are left, but spread over shards none of which has them all: pool them first.
  if (total >= quantity) {
    const receiver = await pool(env, left, quantity, configOf);
    if (receiver !== undefined) {
      const { shard, result } = await reserveAt(receiver);
      if (result.ok) return { ...result, shard };
      if (result.code !== "SOLD_OUT") return { ok: false, code: result.code };
    }
  }
  return { ok: false, code: "SOLD_OUT" };
}

/**
 * Shards hand units to each other: the shard with the most left receives from the others until it
 * has `quantity` (each hand-over is exactly-once, durable-objects/src/stock-handover.ts). Answers the
 * receiver, or undefined when the others had fewer than that by now (other buyers were quicker;
 * what was handed over stays on sale at the receiver).
 */
async function pool(env: Env, left: ReadonlyMap<number, number>, quantity: number, configOf: (shard: number) => ShardConfig): Promise<number | undefined> {
  const [receiver, has = 0] = [...left].sort((a, b) => b[1] - a[1])[0] ?? [];
  if (receiver === undefined) return undefined;
  let need = quantity - has;
  for (const [donor, units] of [...left].sort((a, b) => b[1] - a[1])) {
    if (need <= 0) break;
    if (donor === receiver || units === 0) continue;
    const { given } = await env.STOCK.getByName(shardName(configOf(donor).saleId, donor)).handOver(configOf(donor), receiver, Math.min(need, units));
    need -= given;
  }
  return need <= 0 ? receiver : undefined;
}

/** Has the reservation's shard ask orders how it ended; units that come back are on sale again. */
export async function settleAtShard(env: Env, saleId: string, reservationId: string): Promise<string> {
  const shard = shardOfReservation(reservationId);
  if (shard === undefined) return "unknown";
  const { outcome } = await env.STOCK.getByName(shardName(saleId, shard)).settle(reservationId);
  if (outcome === "released") forgetSoldOut(saleId);
  return outcome;
}

/**
 * Units left over all shards right now (a moment later it may differ: shown as approximate). A
 * shard not asked yet has not taken its share: the share it will take is counted.
 */
export async function unitsLeft(env: Env, sale: FlashSale): Promise<number> {
  // Product pages of a live sale are viewed as often as it is bought: ask the shards at most
  // once a second per isolate (the figure is shown as approximate anyway).
  const known = leftBySale.get(sale.id);
  if (known && Date.now() - known.at < LEFT_FRESH_MS) return known.left;
  const left = await countLeft(env, sale);
  leftBySale.set(sale.id, { left, at: Date.now() });
  return left;
}

const leftBySale = new Map<string, { left: number; at: number }>();
const LEFT_FRESH_MS = 1_000;

async function countLeft(env: Env, sale: FlashSale): Promise<number> {
  const counts = await shardStatuses(env, sale);
  return counts.reduce((sum, s, shard) => sum + (s.initial === 0 && s.available === 0 && s.held === 0 && s.confirmed === 0 ? shardShare(sale.allocation, sale.shards, shard) : s.available), 0);
}

const shardStatuses = (env: Env, sale: Pick<FlashSale, "id" | "shards">) =>
  Promise.all(Array.from({ length: sale.shards }, (_, shard) => env.STOCK.getByName(shardName(sale.id, shard)).status()));

/** Units reserved (held, awaiting payment) and sold (paid) over all shards: the admin's view of a sale. */
export async function unitsHeldAndSold(env: Env, sale: Pick<FlashSale, "id" | "shards">): Promise<{ held: number; sold: number }> {
  const counts = await shardStatuses(env, sale);
  return { held: counts.reduce((sum, s) => sum + s.held, 0), sold: counts.reduce((sum, s) => sum + s.confirmed, 0) };
}
