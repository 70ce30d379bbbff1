import type { OrderEvent } from "./order-state.ts";
import type { Role } from "./staff-roles.ts";

/**
 * Refund rules, pure: what refunding some lines comes to, who may refund how much on their own,
 * and which order event a refund is. The orders service applies them; payments enforces the one
 * rule that needs its books (never more than was captured).
 *
 *   lines (paid = lineTotal − discount) ─▶ per-unit share, largest remainder ─▶ amount
 *   actor (owner: no limit; fulfilment staff, API tokens: limit per refund) ─▶ allowed or not
 *   refunded so far vs captured ─▶ partial_refund | refund
 */

/** What a refund by lines needs of an order line. */
export interface RefundableLine {
  position: number;
  quantity: number;
  /** unitPrice × quantity, before discounts. */
  lineTotal: number;
  /** This line's share of the order discount. */
  discount: number;
}

export interface LineRequest {
  position: number;
  quantity: number;
}

export type LinesRefund =
  | { ok: true; amount: number; lines: { position: number; quantity: number; amount: number }[] }
  | { ok: false; field: string; message: string };

/**
 * What a line's first `units` units were paid: its paid amount spread over its units so that the
 * parts always add up to the whole (the first units carry no remainder, the last ones do).
 */
export function paidForUnits(line: RefundableLine, units: number): number {
  const paid = line.lineTotal - line.discount;
  return Math.floor((paid * units) / line.quantity);
}

/**
 * The amount refunding `requested` units comes to, each line's units pro-rated from what it was
 * paid after its discount. Units already refunded (`refundedUnits`, by position) come first, so
 * refunding a line unit by unit gives back exactly what the line was paid. A position that is not
 * on the order, a line named twice or more units than are left is refused naming the field.
 */
export function refundForLines(lines: readonly RefundableLine[], refundedUnits: ReadonlyMap<number, number>, requested: readonly LineRequest[]): LinesRefund {
  if (requested.length === 0) return { ok: false, field: "lines", message: "lines must name at least one line" };
  const seen = new Set<number>();
  const parts: { position: number; quantity: number; amount: number }[] = [];
  for (const [i, ask] of requested.entries()) {
    const line = lines.find((l) => l.position === ask.position);
    if (!line) return { ok: false, field: `lines.${i}.position`, message: `the order has no line at position ${ask.position}` };
    if (seen.has(ask.position)) return { ok: false, field: `lines.${i}.position`, message: `line ${ask.position} is named twice` };
    seen.add(ask.position);
    const done = refundedUnits.get(ask.position) ?? 0;
    const left = line.quantity - done;
    if (!Number.isInteger(ask.quantity) || ask.quantity < 1 || ask.quantity > left) {
      return { ok: false, field: `lines.${i}.quantity`, message: `quantity must be between 1 and ${left}, the units of line ${ask.position} not yet refunded` };
    }
    parts.push({ position: ask.position, quantity: ask.quantity, amount: paidForUnits(line, done + ask.quantity) - paidForUnits(line, done) });
  }
  return { ok: true, amount: parts.reduce((sum, p) => sum + p.amount, 0), lines: parts };
}

/** Who asks for a refund, as far as the limit cares: a staff member's role, or an API token. */
export type RefundActor = { kind: "staff"; role: Role } | { kind: "token" };

/** The default most a fulfilment-role actor may refund at once, minor units of any currency. */
export const DEFAULT_FULFILMENT_REFUND_LIMIT = 10_000;

/**
 * The most `actor` may refund in one refund, or undefined for no limit. Only the owner is
 * unlimited: fulfilment staff and API tokens (whoever holds one) refund up to `limit`, so a leaked
 * token cannot empty the shop's takings.
 */
export function refundLimitOf(actor: RefundActor, limit: number): number | undefined {
  return actor.kind === "staff" && actor.role === "owner" ? undefined : limit;
}

export type LimitCheck = { ok: true } | { ok: false; limit: number };

export function checkRefundLimit(actor: RefundActor, amount: number, limit: number): LimitCheck {
  const most = refundLimitOf(actor, limit);
  return most === undefined || amount <= most ? { ok: true } : { ok: false, limit: most };
}

/** The order event a refund is, given everything refunded (this one included) and the capture. */
export function refundEvent(refundedTotal: number, captured: number): Extract<OrderEvent, "refund" | "partial_refund"> {
  return refundedTotal >= captured ? "refund" : "partial_refund";
}
