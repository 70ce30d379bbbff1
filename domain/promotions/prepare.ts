import type { Currency } from "../money.ts";
import { gateReason, matchingLines, measure } from "./conditions.ts";
import { onceShares, type GoodsStep, type ShippingStep } from "./effects.ts";
import type { LineTable } from "./lines.ts";
import type { Rejection } from "./messages.ts";
import type { EngineInput, PromotionDefinition, PromotionEffect, Tier } from "./model.ts";

/** A promotion that is open to this input, with its effect resolved to steps. */
export interface PreparedPromotion {
  def: PromotionDefinition;
  /** The entered code it came in by, or null for an automatic promotion. */
  code: string | null;
  /** Canonical indices of the lines its goods step works on. */
  targets: number[];
  goods: GoodsStep | null;
  shipping: ShippingStep | null;
}

export type Preparation = { ok: true; promotion: PreparedPromotion } | { ok: false; rejection: Rejection };

const no = (reason: Rejection["reason"], needed?: number): Preparation => ({ ok: false, rejection: { reason, needed } });

/**
 * Checks a promotion against the input and resolves its effect. Minimums and tier thresholds are
 * measured on the matching lines for a `product` promotion and on the whole order otherwise,
 * always before discounts.
 */
export function prepare(def: PromotionDefinition, code: string | null, table: LineTable, input: EngineInput): Preparation {
  const gate = gateReason(def, input);
  if (gate) return no(gate);
  const matching = matchingLines(def, table);
  if (matching.length === 0) return no("no_matching_lines");
  const all = def.target === "product" ? matching : table.all;
  const basis = def.target === "product" ? measure(table, matching) : { subtotal: table.subtotal, units: table.units };
  const c = def.conditions;
  const minSubtotal = c.minSubtotal?.[input.currency];
  if (minSubtotal !== undefined && basis.subtotal < minSubtotal) return no("min_subtotal", minSubtotal);
  if (c.minQuantity !== undefined && basis.units < c.minQuantity) return no("min_quantity", c.minQuantity);
  const effect = resolveEffect(def.effect, input.currency, basis);
  if (!effect.ok) return { ok: false, rejection: effect.rejection };
  const promotion: PreparedPromotion = { def, code, targets: def.target === "shipping" ? [] : all, goods: null, shipping: null };
  const r = effect.reward;
  if (def.target === "shipping" || r.kind === "free_shipping") {
    promotion.shipping = shippingStep(r);
  } else {
    promotion.goods = goodsStep(r, def.target, table, all);
  }
  return { ok: true, promotion };
}

/** An effect with its tier chosen and its amounts taken in the input's currency. */
type Reward =
  | { kind: "percent"; basisPoints: number }
  | { kind: "amount"; amount: number; perUnit: boolean }
  | { kind: "price"; price: number }
  | { kind: "bxgy"; buy: number; get: number; basisPoints: number; max: number | null }
  | { kind: "free_shipping" };

type Resolved = { ok: true; reward: Reward } | { ok: false; rejection: Rejection };

function resolveEffect(effect: PromotionEffect, currency: Currency, basis: { subtotal: number; units: number }): Resolved {
  switch (effect.kind) {
    case "percentage":
      return { ok: true, reward: { kind: "percent", basisPoints: effect.basisPoints } };
    case "fixed_amount": {
      const amount = effect.amountOff[currency];
      if (amount === undefined) return { ok: false, rejection: { reason: "currency" } };
      return { ok: true, reward: { kind: "amount", amount, perUnit: true } };
    }
    case "fixed_price": {
      const price = effect.price[currency];
      if (price === undefined) return { ok: false, rejection: { reason: "currency" } };
      return { ok: true, reward: { kind: "price", price } };
    }
    case "buy_x_get_y": {
      const group = effect.buy + effect.get;
      if (basis.units < group) return { ok: false, rejection: { reason: "min_quantity", needed: group } };
      const max = effect.maxApplications ?? null;
      return { ok: true, reward: { kind: "bxgy", buy: effect.buy, get: effect.get, basisPoints: effect.basisPoints, max } };
    }
    case "free_shipping":
      return { ok: true, reward: { kind: "free_shipping" } };
    case "tiered":
      return resolveTier(effect.tiers, currency, basis);
  }
}

/** The highest tier reached; none reached says what the lowest one needs. */
function resolveTier(tiers: readonly Tier[], currency: Currency, basis: { subtotal: number; units: number }): Resolved {
  let best: { level: number; tier: Tier } | null = null;
  let lowest: { level: number; byQuantity: boolean } | null = null;
  let priced = false;
  for (const tier of tiers) {
    const byQuantity = "minQuantity" in tier;
    const level = byQuantity ? tier.minQuantity : tier.minSubtotal[currency];
    const amountOk = !("amountOff" in tier) || tier.amountOff[currency] !== undefined;
    if (level === undefined || !amountOk) continue;
    priced = true;
    if (!lowest || level < lowest.level) lowest = { level, byQuantity };
    const reached = byQuantity ? basis.units >= level : basis.subtotal >= level;
    if (reached && (!best || level > best.level)) best = { level, tier };
  }
  if (!priced || !lowest) return { ok: false, rejection: { reason: "currency" } };
  if (!best) return { ok: false, rejection: { reason: lowest.byQuantity ? "min_quantity" : "min_subtotal", needed: lowest.level } };
  const t = best.tier;
  if ("basisPoints" in t) return { ok: true, reward: { kind: "percent", basisPoints: t.basisPoints } };
  return { ok: true, reward: { kind: "amount", amount: t.amountOff[currency] ?? 0, perUnit: false } };
}

function shippingStep(r: Reward): ShippingStep | null {
  switch (r.kind) {
    case "free_shipping":
      return { kind: "free" };
    case "percent":
      return { kind: "percent", basisPoints: r.basisPoints };
    case "amount":
      return { kind: "off", amount: r.amount };
    case "price":
      return { kind: "price", price: r.price };
    case "bxgy":
      // Buy X get Y gives goods; as a shipping promotion it has nothing to give.
      return null;
  }
}

function goodsStep(r: Exclude<Reward, { kind: "free_shipping" }>, target: "product" | "order" | "shipping", table: LineTable, targets: readonly number[]): GoodsStep {
  switch (r.kind) {
    case "percent":
      return { kind: "percent", basisPoints: r.basisPoints };
    case "amount":
      // Off each unit for a product fixed amount; once off the lines for an order one or a tier.
      if (r.perUnit && target === "product") return { kind: "unit_off", amount: r.amount };
      return { kind: "once", shares: onceShares(r.amount, targets.map((i) => table.totals[i] as number)) };
    case "price":
      return { kind: "unit_price", price: r.price };
    case "bxgy":
      return { kind: "give_units", units: givenUnits(r, table, targets), basisPoints: r.basisPoints };
  }
}

/**
 * Units given per target line: one application per `buy + get` matching units, up to the maximum,
 * and the units given are the cheapest ones (ties by line key), whatever order the lines came in.
 */
function givenUnits(r: { buy: number; get: number; max: number | null }, table: LineTable, targets: readonly number[]): number[] {
  let units = 0;
  for (const i of targets) units += table.quantities[i] as number;
  let applications = Math.floor(units / (r.buy + r.get));
  if (r.max !== null && applications > r.max) applications = r.max;
  let left = applications * r.get;
  const positions = targets.map((_, t) => t);
  // Canonical indices already follow key order, so a stable sort by price breaks ties on key.
  positions.sort((a, b) => (table.unitPrices[targets[a] as number] as number) - (table.unitPrices[targets[b] as number] as number));
  const given = new Array<number>(targets.length).fill(0);
  for (const t of positions) {
    if (left === 0) break;
    const q = table.quantities[targets[t] as number] as number;
    const k = q < left ? q : left;
    given[t] = k;
    left -= k;
  }
  return given;
}
