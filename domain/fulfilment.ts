/**
 * Shipping an order in parts. An order line (by its position) is shipped across one or more
 * fulfilments; what is left of a line is what was ordered less what every fulfilment so far took.
 * Pure: the orders service reads the lines and earlier fulfilments under the order's lock, asks
 * here, and stores the answer.
 *
 *   ordered 3 ──ship 1──▶ 2 left ──ship 2──▶ 0 left (line done; order complete when all lines are)
 */
export interface LineUnits {
  /** The line's position on the order. */
  position: number;
  quantity: number;
}

/** A problem with one requested line, named by its place in the request (`lines.1.quantity`). */
export interface FulfilmentProblem {
  path: string;
  message: string;
}

export type FulfilmentPlan =
  /** The units to ship now, in position order, and whether the order is then entirely shipped. */
  | { ok: true; lines: LineUnits[]; complete: boolean }
  /** The request names lines or quantities the order does not have left: a 400 naming each. */
  | { ok: false; reason: "invalid"; problems: FulfilmentProblem[] }
  /** Every unit has shipped already. */
  | { ok: false; reason: "nothing_left" };

/** Units left to ship per line, in position order (lines fully shipped included, with 0). */
export function remainingByLine(ordered: readonly LineUnits[], shipped: readonly LineUnits[]): LineUnits[] {
  const sent = new Map<number, number>();
  for (const s of shipped) sent.set(s.position, (sent.get(s.position) ?? 0) + s.quantity);
  return [...ordered].sort((a, b) => a.position - b.position).map((l) => ({ position: l.position, quantity: Math.max(0, l.quantity - (sent.get(l.position) ?? 0)) }));
}

/** Whether every unit of every line has shipped. */
export function isFullyShipped(ordered: readonly LineUnits[], shipped: readonly LineUnits[]): boolean {
  return remainingByLine(ordered, shipped).every((l) => l.quantity === 0);
}

/**
 * What a fulfilment request ships. No `requested` lines means everything not yet shipped. Each
 * requested line must be a line of the order, named once, for no more than is left of it;
 * quantities are positive whole numbers (the request schema sees to that).
 */
export function planFulfilment(ordered: readonly LineUnits[], shipped: readonly LineUnits[], requested?: readonly LineUnits[]): FulfilmentPlan {
  const remaining = remainingByLine(ordered, shipped);
  if (remaining.every((l) => l.quantity === 0)) return { ok: false, reason: "nothing_left" };
  if (requested === undefined || requested.length === 0) return { ok: true, lines: remaining.filter((l) => l.quantity > 0), complete: true };

  const left = new Map(remaining.map((l) => [l.position, l.quantity]));
  const problems: FulfilmentProblem[] = [];
  const seen = new Set<number>();
  requested.forEach((line, i) => {
    const available = left.get(line.position);
    if (available === undefined) problems.push({ path: `lines.${i}.position`, message: `the order has no line ${line.position}` });
    else if (seen.has(line.position)) problems.push({ path: `lines.${i}.position`, message: `line ${line.position} is named more than once` });
    else if (line.quantity > available) problems.push({ path: `lines.${i}.quantity`, message: `only ${available} of line ${line.position} ${available === 1 ? "is" : "are"} left to ship` });
    seen.add(line.position);
  });
  if (problems.length > 0) return { ok: false, reason: "invalid", problems };

  const lines = [...requested].sort((a, b) => a.position - b.position).map((l) => ({ position: l.position, quantity: l.quantity }));
  return { ok: true, lines, complete: isFullyShipped(ordered, [...shipped, ...lines]) };
}
