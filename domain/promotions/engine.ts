import { codeSet } from "./codes.ts";
import { codeIndex, compatible } from "./compiled.ts";
import { lineTable } from "./lines.ts";
import { rejectionMessage, type Rejection } from "./messages.ts";
import type { AppliedPromotionResult, EngineInput, EngineResult, PromotionDefinition, RejectedCode } from "./model.ts";
import { prepare, type PreparedPromotion } from "./prepare.ts";
import { applySet, bestSet, canonicalCompare } from "./selection.ts";

/**
 * The promotion engine: which promotions apply to a cart or an order, what each gives per line
 * and on shipping, and why each entered code that does not apply does not. Pure and
 * deterministic: lines are worked in key order and codes as a set, so neither input order
 * matters; no line and no shipping charge is ever discounted below zero.
 *
 *   definitions ─┬─ automatic ──────────────┐
 *                └─ by entered code ─ codes ─┴─ prepare (conditions, effect → steps)
 *                                                  │ open promotions (canonical order)
 *                                                  ▼
 *                                  selection: best compatible set ─ apply ─▶ applied, per line
 *                                  codes left out ─▶ rejected, with the reason
 */
export function evaluatePromotions(input: EngineInput, definitions: readonly PromotionDefinition[]): EngineResult {
  const table = lineTable(input.lines);
  const byCode = codeIndex(definitions);

  // The code each promotion was entered with; of several codes for one promotion, the first
  // (in sorted order) carries it and the others are refused: a promotion applies once.
  const entered = new Map<string, string>();
  const extraCodes: { code: string; def: PromotionDefinition }[] = [];
  const refused = new Map<string, { promotionId: string | null; rejection: Rejection }>();
  for (const code of codeSet(input.codes)) {
    const single = input.singleUseCodes?.get(code);
    const def = byCode.get(code) ?? (single ? definitions.find((d) => d.id === single.promotionId) : undefined);
    if (!def) refused.set(code, { promotionId: null, rejection: { reason: "unknown_code" } });
    else if (!byCode.has(code) && single?.used) refused.set(code, { promotionId: def.id, rejection: { reason: "code_used" } });
    else if (!entered.has(def.id)) entered.set(def.id, code);
    else extraCodes.push({ code, def });
  }

  const candidates: PreparedPromotion[] = [];
  const codeOf = new Map<string, string>();
  for (const def of definitions) {
    const code = entered.get(def.id);
    if (def.activation === "code" && code === undefined) continue;
    const prepared = prepare(def, def.activation === "code" ? (code ?? null) : null, table, input);
    if (prepared.ok) candidates.push(prepared.promotion);
    else if (code !== undefined) refused.set(code, { promotionId: def.id, rejection: prepared.rejection });
    if (code !== undefined) codeOf.set(def.id, code);
  }
  candidates.sort((a, b) => canonicalCompare(a.def, b.def));

  const chosen = bestSet(candidates, table, input.shipping);
  const applied: AppliedPromotionResult[] = [];
  const lineDiscountsByIndex = new Array<number>(table.keys.length).fill(0);
  let discountTotal = 0;
  let shippingDiscount = 0;
  applySet(chosen, candidates, table, input.shipping, (member, goods, shipping) => {
    const p = candidates[member] as PreparedPromotion;
    const lines = p.targets.map((i, t) => ({ key: table.keys[i] as string, amount: goods[t] ?? 0 })).filter((l) => l.amount > 0);
    let amount = 0;
    p.targets.forEach((i, t) => {
      lineDiscountsByIndex[i] = (lineDiscountsByIndex[i] as number) + (goods[t] ?? 0);
      amount += goods[t] ?? 0;
    });
    discountTotal += amount;
    shippingDiscount += shipping;
    applied.push({
      promotionId: p.def.id,
      code: codeOf.get(p.def.id) ?? null,
      description: p.def.description,
      target: p.def.target,
      amount,
      shippingAmount: shipping,
      freeShipping: p.shipping?.kind === "free",
      lines,
    });
  });

  // An open promotion entered by code that the best set leaves out does not combine with it.
  const chosenDefs = chosen.map((m) => (candidates[m] as PreparedPromotion).def);
  for (const p of candidates) {
    const code = codeOf.get(p.def.id);
    if (code === undefined || chosenDefs.includes(p.def)) continue;
    const rival = chosenDefs.find((d) => !compatible(d, p.def)) ?? chosenDefs[0];
    refused.set(code, { promotionId: p.def.id, rejection: { reason: "not_combinable", conflictsWith: rival?.name } });
  }

  for (const { code, def } of extraCodes) {
    refused.set(code, { promotionId: def.id, rejection: { reason: "not_combinable", conflictsWith: `${entered.get(def.id) ?? ""} (${def.name})` } });
  }

  const rejected: RejectedCode[] = [...refused.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, r]) => ({ code, promotionId: r.promotionId, reason: r.rejection.reason, message: rejectionMessage(code, r.rejection, input.currency) }));

  const lineDiscounts = new Map<string, number>();
  table.keys.forEach((key, i) => lineDiscounts.set(key, lineDiscountsByIndex[i] as number));
  return { applied, rejected, lineDiscounts, discountTotal, shippingDiscount };
}
