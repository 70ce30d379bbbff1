import { percentOf } from "../money.ts";

/**
 * The effect of one promotion, resolved for one input (currency, tier, units given), as a step
 * on the amounts still to pay. Every goods step maps each target line's remaining amount x to
 * f(x) with f monotone non-decreasing and f(x) ≤ x (the `once` step is monotone on the vector of
 * lines); every shipping step does the same for shipping. That is what makes a combination of
 * promotions order-stable and "adding a promotion never raises the total" hold by construction:
 * a step inserted anywhere lowers what follows it, and monotone steps keep it lower.
 */
export type GoodsStep =
  /** Basis points off each target line's remaining amount (percentOf rounding). */
  | { kind: "percent"; basisPoints: number }
  /** This much off each unit, never below zero. */
  | { kind: "unit_off"; amount: number }
  /** Each unit at most this price: the line costs at most price × quantity. */
  | { kind: "unit_price"; price: number }
  /** `units[i]` units of target line i (the cheapest ones) discounted by basis points. */
  | { kind: "give_units"; units: readonly number[]; basisPoints: number }
  /**
   * One amount off the target lines together, split in proportion to their totals before
   * discounts (`shares`); what a line cannot absorb spills to the next lines, so the discount is
   * min(amount, what is left).
   */
  | { kind: "once"; shares: readonly number[] };

export type ShippingStep =
  | { kind: "free" }
  | { kind: "percent"; basisPoints: number }
  | { kind: "off"; amount: number }
  | { kind: "price"; price: number };

/**
 * Shares of a once-off amount over the target lines, in proportion to their totals before
 * discounts: largest remainder in integers (ties to the earlier line), so they add up exactly.
 * All on the first line when the lines total nothing.
 */
export function onceShares(amount: number, targetTotals: readonly number[]): number[] {
  const n = targetTotals.length;
  const shares = new Array<number>(n).fill(0);
  if (n === 0) return shares;
  let weight = 0;
  for (const w of targetTotals) weight += w;
  if (weight === 0) {
    shares[0] = amount;
    return shares;
  }
  const remainders = new Array<number>(n);
  let left = amount;
  for (let i = 0; i < n; i++) {
    const product = amount * (targetTotals[i] as number);
    const share = Math.floor(product / weight);
    shares[i] = share;
    remainders[i] = product - share * weight;
    left -= share;
  }
  while (left > 0) {
    let pick = 0;
    for (let i = 1; i < n; i++) if ((remainders[i] as number) > (remainders[pick] as number)) pick = i;
    shares[pick] = (shares[pick] as number) + 1;
    remainders[pick] = -1;
    left--;
  }
  return shares;
}

/**
 * Applies a goods step to `remaining` (indexed by canonical line) over `targets` (canonical line
 * indices), in place. Writes each target's discount to `out` (by target position) when given;
 * returns the step's total discount.
 */
export function applyGoods(
  step: GoodsStep,
  targets: readonly number[],
  quantities: readonly number[],
  remaining: number[],
  out?: number[],
): number {
  let total = 0;
  if (step.kind === "once") {
    let carry = 0;
    for (let t = 0; t < targets.length; t++) {
      const i = targets[t] as number;
      const x = remaining[i] as number;
      const want = (step.shares[t] as number) + carry;
      const d = want < x ? want : x;
      carry = want - d;
      remaining[i] = x - d;
      total += d;
      if (out) out[t] = d;
    }
    // A second pass places what spilled past the last line on the lines before it.
    for (let t = 0; t < targets.length && carry > 0; t++) {
      const i = targets[t] as number;
      const x = remaining[i] as number;
      const d = carry < x ? carry : x;
      carry -= d;
      remaining[i] = x - d;
      total += d;
      if (out) out[t] = (out[t] as number) + d;
    }
    return total;
  }
  for (let t = 0; t < targets.length; t++) {
    const i = targets[t] as number;
    const x = remaining[i] as number;
    const q = quantities[i] as number;
    let d: number;
    switch (step.kind) {
      case "percent":
        d = percentOf(x, step.basisPoints);
        break;
      case "unit_off":
        d = Math.min(x, step.amount * q);
        break;
      case "unit_price":
        d = Math.max(0, x - step.price * q);
        break;
      case "give_units": {
        const k = step.units[t] as number;
        // The given units' share of what is left of the line: exact while the line is untouched.
        d = k === 0 ? 0 : percentOf(Math.floor((x * k) / q), step.basisPoints);
        break;
      }
    }
    if (d > x) d = x;
    remaining[i] = x - d;
    total += d;
    if (out) out[t] = d;
  }
  return total;
}

/** The shipping discount of a step on what is left of shipping. */
export function shippingDiscount(step: ShippingStep, shipping: number): number {
  switch (step.kind) {
    case "free":
      return shipping;
    case "percent":
      return Math.min(shipping, percentOf(shipping, step.basisPoints));
    case "off":
      return Math.min(shipping, step.amount);
    case "price":
      return Math.max(0, shipping - step.price);
  }
}
