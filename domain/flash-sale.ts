import type { Currency } from "./money.ts";

/**
 * Flash-sale rules shared by the catalog (definitions), the StockObject (hand-out), the edge
 * (reserve) and orders (authoritative checkout). No I/O.
 *
 *   scheduled ──startsAt──▶ live ──endsAt──▶ ended
 *       └──────── cancel (any time) ────────▶ cancelled
 *
 * The allocation is split over `shards` objects at start: shard i holds shardShare(i) units and
 * the shares add up to the allocation exactly, so the objects together can never hand out more.
 */
export const MAX_SHARDS = 16;
export const FLASH_SALE_STATUSES = ["scheduled", "cancelled"] as const;
export type FlashSaleStatus = (typeof FLASH_SALE_STATUSES)[number];

export interface FlashSale {
  id: string;
  variantId: string;
  /** Sale price per currency, in minor units; a currency not listed is not on sale. */
  prices: Partial<Record<Currency, number>>;
  allocation: number;
  /** Epoch milliseconds. */
  startsAt: number;
  endsAt: number;
  perCustomerMax: number;
  shards: number;
  status: FlashSaleStatus;
}

export type SalePhase = "upcoming" | "live" | "ended" | "cancelled";

export function salePhase(sale: Pick<FlashSale, "startsAt" | "endsAt" | "status">, now: number): SalePhase {
  if (sale.status === "cancelled") return "cancelled";
  if (now < sale.startsAt) return "upcoming";
  return now < sale.endsAt ? "live" : "ended";
}

/** Shard `index`'s part of the allocation: even shares, the remainder one each to the first shards. */
export function shardShare(allocation: number, shards: number, index: number): number {
  if (!Number.isInteger(shards) || shards < 1 || index < 0 || index >= shards) return 0;
  const base = Math.floor(allocation / shards);
  return base + (index < allocation % shards ? 1 : 0);
}

/**
 * The order in which the edge asks the shards: starting at a random one spreads the buyers, and
 * going round the rest means "sold out" is only said once every shard said so.
 */
export function shardOrder(shards: number, start: number): number[] {
  const first = ((start % shards) + shards) % shards;
  return Array.from({ length: shards }, (_, i) => (first + i) % shards);
}

/** The name of a sale's shard object: the edge and the shards themselves (handing units over) use it. */
export function shardName(saleId: string, shard: number): string {
  return `${saleId}:${shard}`;
}

/** What a reservation handed out at the edge says; the edge signs it, orders verifies it. */
export interface ReservationClaims {
  reservationId: string;
  saleId: string;
  variantId: string;
  quantity: number;
  /** Who reserved: the customer id when signed in, else the session id. */
  buyerKey: string;
  currency: Currency;
  unitPrice: number;
  /** Epoch milliseconds; orders refuses the reservation from then on. */
  expiresAt: number;
}

/** The exact text the signature covers: fixed field order, newline-separated (no field holds one). */
export function reservationMessage(c: ReservationClaims): string {
  return ["flash-sale-reservation/v1", c.reservationId, c.saleId, c.variantId, c.quantity, c.buyerKey, c.currency, c.unitPrice, c.expiresAt].join("\n");
}

/**
 * How a reservation ended, from the order that used it (or none):
 * - a paid (or later) order keeps the units: confirmed, never sold again;
 * - a failed or cancelled order, or no order at all, gives them back: released;
 * - an order still awaiting payment: pending, ask again later.
 */
export type ReservationOutcome = "confirmed" | "released" | "pending";

const KEPT = new Set(["paid", "fulfilled", "delivered", "refunded", "partially_refunded"]);
const GIVEN_BACK = new Set(["payment_failed", "cancelled"]);

export function reservationOutcome(orderStatus: string | null): ReservationOutcome {
  if (orderStatus === null || GIVEN_BACK.has(orderStatus)) return "released";
  return KEPT.has(orderStatus) ? "confirmed" : "pending";
}

/**
 * Best effort at the object, authoritative at orders: may `buyerKey` take `quantity` more when it
 * already holds `held` units of this sale?
 */
export function withinCustomerMax(held: number, quantity: number, perCustomerMax: number): boolean {
  return held + quantity <= perCustomerMax;
}
