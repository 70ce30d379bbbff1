import { normalizeCode } from "./codes.ts";
import type { PromotionDefinition, PromotionTarget } from "./model.ts";

/**
 * What the engine derives from a definition alone (parsed schedule, combination signature, codes),
 * worked out once per definition object and kept beside it in a WeakMap: a cart view evaluates
 * the same definitions again and again, and a definition is immutable data.
 */
export interface CompiledDefinition {
  startsAt: number | null;
  endsAt: number | null;
  /** Bit of the promotion's own target, and the bits of the targets it combines with. */
  targetBit: number;
  combinesMask: number;
  /** Combinable and combines with its own target: every promotion of its signature goes together. */
  selfCombining: boolean;
  /** (target, combinesWith) as one number: promotions with equal signatures are interchangeable for combination. */
  signature: number;
}

const TARGET_BITS: Record<PromotionTarget, number> = { product: 1, order: 2, shipping: 4 };
const compiledDefinitions = new WeakMap<PromotionDefinition, CompiledDefinition>();
const codeIndexes = new WeakMap<readonly PromotionDefinition[], Map<string, PromotionDefinition>>();

export function compiled(def: PromotionDefinition): CompiledDefinition {
  let c = compiledDefinitions.get(def);
  if (!c) {
    const targetBit = TARGET_BITS[def.target];
    let combinesMask = 0;
    for (const t of def.combination.combinesWith) combinesMask |= TARGET_BITS[t];
    c = {
      startsAt: def.startsAt === null ? null : Date.parse(def.startsAt),
      endsAt: def.endsAt === null ? null : Date.parse(def.endsAt),
      targetBit,
      combinesMask,
      selfCombining: def.combination.combinable && (combinesMask & targetBit) !== 0,
      signature: targetBit * 8 + combinesMask,
    };
    compiledDefinitions.set(def, c);
  }
  return c;
}

/** Both combine, and each one's `combinesWith` names the other's target. */
export function compatible(a: PromotionDefinition, b: PromotionDefinition): boolean {
  if (!a.combination.combinable || !b.combination.combinable) return false;
  const x = compiled(a);
  const y = compiled(b);
  return (x.combinesMask & y.targetBit) !== 0 && (y.combinesMask & x.targetBit) !== 0;
}

/** Reusable codes (normalised) → their promotion; a code shared by mistake goes to the smaller id. */
export function codeIndex(definitions: readonly PromotionDefinition[]): Map<string, PromotionDefinition> {
  let index = codeIndexes.get(definitions);
  if (!index) {
    index = new Map();
    for (const d of definitions) {
      for (const raw of d.codes) {
        const code = normalizeCode(raw);
        const held = index.get(code);
        if (!held || d.id < held.id) index.set(code, d);
      }
    }
    codeIndexes.set(definitions, index);
  }
  return index;
}
