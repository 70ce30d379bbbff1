import { compatible, compiled } from "./compiled.ts";
import { applyGoods, shippingDiscount } from "./effects.ts";
import type { LineTable } from "./lines.ts";
import type { PromotionDefinition } from "./model.ts";
import type { PreparedPromotion } from "./prepare.ts";

/**
 * Which of the open promotions apply together: the set of pairwise-compatible promotions with the
 * largest discount (goods + shipping), ties to higher priorities, then ids.
 *
 * Two promotions are compatible when both combine and each one's `combinesWith` names the other's
 * target, so compatibility depends only on the signature (combinable, target, combinesWith).
 * Every step lowers what is left and is monotone (effects.ts), so adding a compatible promotion to
 * a set never lowers its discount: the best set is a maximal one. Promotions of a signature that
 * combines with its own target always go together (one node); the other combinable ones are a node
 * each. The maximal sets are the maximal cliques of that small graph (Bron–Kerbosch with
 * pivoting), not all subsets; each exclusive promotion competes alone, always.
 */

/** Beyond this many maximal sets the search stops (only pathological definitions get there). */
export const MAX_SETS = 256;

const TARGET_RANK = { product: 0, order: 1, shipping: 2 } as const;

/** Canonical application order: product → order → shipping, then priority desc, then id. */
export function canonicalCompare(a: PromotionDefinition, b: PromotionDefinition): number {
  return (
    TARGET_RANK[a.target] - TARGET_RANK[b.target] ||
    b.combination.priority - a.combination.priority ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}


/**
 * Applies a set (canonical indices, ascending) to fresh amounts and returns its discount.
 * `record` receives each member's per-target goods discounts and shipping discount.
 */
export function applySet(
  set: readonly number[],
  candidates: readonly PreparedPromotion[],
  table: LineTable,
  shipping: number,
  record?: (member: number, goods: number[], shipping: number) => void,
): number {
  const remaining = table.totals.slice();
  let ship = shipping;
  let total = 0;
  for (const m of set) {
    const p = candidates[m] as PreparedPromotion;
    const out = record ? new Array<number>(p.targets.length).fill(0) : undefined;
    if (p.goods) total += applyGoods(p.goods, p.targets, table.quantities, remaining, out);
    let s = 0;
    if (p.shipping) {
      s = shippingDiscount(p.shipping, ship);
      ship -= s;
      total += s;
    }
    if (record) record(m, out ?? [], s);
  }
  return total;
}

/** The best set of candidates (sorted canonically), as ascending candidate indices. */
export function bestSet(candidates: readonly PreparedPromotion[], table: LineTable, shipping: number): number[] {
  const options: number[][] = [];
  const combinable: number[] = [];
  candidates.forEach((p, i) => (p.def.combination.combinable ? combinable.push(i) : options.push([i])));
  if (combinable.length > 0) {
    const nodes = buildNodes(candidates, combinable);
    for (const clique of maximalCliques(nodes.adjacency)) options.push(clique.flatMap((n) => nodes.members[n] as number[]).sort((a, b) => a - b));
  }
  if (options.length <= 1) return options[0] ?? [];
  let best: number[] = [];
  let bestDiscount = -1;
  for (const set of options) {
    const discount = applySet(set, candidates, table, shipping);
    if (discount > bestDiscount || (discount === bestDiscount && preferOnTie(set, best, candidates))) {
      best = set;
      bestDiscount = discount;
    }
  }
  return best;
}

/** Graph nodes of the combinable candidates: a self-combining signature is one node, others one per promotion. */
function buildNodes(candidates: readonly PreparedPromotion[], combinable: readonly number[]): { members: number[][]; adjacency: boolean[][] } {
  const members: number[][] = [];
  const bySignature = new Map<number, number>();
  for (const i of combinable) {
    const c = compiled((candidates[i] as PreparedPromotion).def);
    if (c.selfCombining) {
      const signature = c.signature;
      const node = bySignature.get(signature);
      if (node !== undefined) {
        (members[node] as number[]).push(i);
        continue;
      }
      bySignature.set(signature, members.length);
    }
    members.push([i]);
  }
  const adjacency = members.map((a) =>
    members.map((b) => a !== b && compatible((candidates[a[0] as number] as PreparedPromotion).def, (candidates[b[0] as number] as PreparedPromotion).def)),
  );
  return { members, adjacency };
}

/** Maximal cliques (Bron–Kerbosch with pivoting), at most MAX_SETS of them, in a fixed order. */
function maximalCliques(adjacency: readonly boolean[][]): number[][] {
  const found: number[][] = [];
  const visit = (r: number[], p: number[], x: number[]): void => {
    if (found.length >= MAX_SETS) return;
    if (p.length === 0) {
      if (x.length === 0) found.push(r);
      return;
    }
    let pivot = p[0] as number;
    let pivotDegree = -1;
    for (const u of [...p, ...x]) {
      const row = adjacency[u] as boolean[];
      const degree = p.reduce((n, v) => (row[v] ? n + 1 : n), 0);
      if (degree > pivotDegree) {
        pivot = u;
        pivotDegree = degree;
      }
    }
    const pivotRow = adjacency[pivot] as boolean[];
    for (const v of p.filter((v) => !pivotRow[v])) {
      const row = adjacency[v] as boolean[];
      visit(
        [...r, v],
        p.filter((w) => row[w]),
        x.filter((w) => row[w]),
      );
      p = p.filter((w) => w !== v);
      x = [...x, v];
    }
  };
  visit([], adjacency.map((_, i) => i), []);
  return found;
}

/** Equal discounts: the set whose promotions rank higher (priority desc, then id) wins. */
function preferOnTie(set: readonly number[], current: readonly number[], candidates: readonly PreparedPromotion[]): boolean {
  const rank = (s: readonly number[]) =>
    s
      .map((i) => (candidates[i] as PreparedPromotion).def)
      .sort((a, b) => b.combination.priority - a.combination.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const a = rank(set);
  const b = rank(current);
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    const x = a[k] as PromotionDefinition;
    const y = b[k] as PromotionDefinition;
    if (x.combination.priority !== y.combination.priority) return x.combination.priority > y.combination.priority;
    if (x.id !== y.id) return x.id < y.id;
  }
  return a.length > b.length;
}
