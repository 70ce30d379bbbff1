import type { EngineInput, EngineLine, PromotionDefinition } from "./model.ts";

/**
 * Builders for specs and the benchmark: a definition with every field at its plainest (active,
 * automatic, whole order, combines with everything) and an input, so a case states only what it
 * is about.
 */
type DefinitionOverrides = Partial<Omit<PromotionDefinition, "combination">> & {
  id: string;
  effect: PromotionDefinition["effect"];
  combination?: Partial<PromotionDefinition["combination"]>;
};

export function promotion(o: DefinitionOverrides): PromotionDefinition {
  return {
    name: o.name ?? o.id,
    description: o.description ?? o.id,
    status: "active",
    activation: o.codes && o.codes.length > 0 ? "code" : "automatic",
    codes: [],
    target: "order",
    conditions: {},
    limits: {},
    startsAt: null,
    endsAt: null,
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...o,
    combination: { combinable: true, combinesWith: ["product", "order", "shipping"], priority: 0, ...o.combination },
  };
}

export function line(key: string, unitPrice: number, quantity = 1, o: Partial<EngineLine> = {}): EngineLine {
  return { key, variantId: `v-${key}`, productId: `p-${key}`, categorySlugs: [], unitPrice, quantity, ...o };
}

export const NOW = Date.parse("2026-06-01T12:00:00.000Z");

export function input(lines: EngineLine[], o: Partial<EngineInput> = {}): EngineInput {
  return { currency: "USD", lines, codes: [], customer: {}, shipping: 599, now: NOW, ...o };
}
