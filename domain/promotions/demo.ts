import type { PromotionDefinition } from "./model.ts";

/**
 * The demo store's promotions until the catalog serves merchants' own: the dev seed and tests use
 * them. All three are entered by code and combine with everything, as the first slice's codes did.
 */
const base = {
  status: "active",
  activation: "code",
  conditions: {},
  limits: {},
  combination: { combinable: true, combinesWith: ["product", "order", "shipping"], priority: 0 },
  startsAt: null,
  endsAt: null,
  updatedAt: "2026-01-01T00:00:00.000Z",
} as const satisfies Partial<PromotionDefinition>;

export const DEMO_PROMOTIONS: readonly PromotionDefinition[] = [
  {
    ...base,
    id: "demo-welcome10",
    name: "Welcome 10 %",
    description: "10% off your order",
    codes: ["WELCOME10"],
    target: "order",
    effect: { kind: "percentage", basisPoints: 1000 },
    // Before SAVE5, so 10 % is of the goods as the first slice worked it out.
    combination: { ...base.combination, combinesWith: [...base.combination.combinesWith], priority: 10 },
  },
  {
    ...base,
    id: "demo-save5",
    name: "Save 5",
    description: "5.00 off orders of 50.00 or more",
    codes: ["SAVE5"],
    target: "order",
    effect: { kind: "fixed_amount", amountOff: { USD: 500, EUR: 500, GBP: 500 } },
    conditions: { minSubtotal: { USD: 5000, EUR: 5000, GBP: 5000 } },
    combination: { ...base.combination, combinesWith: [...base.combination.combinesWith] },
  },
  {
    ...base,
    id: "demo-freeship",
    name: "Free shipping",
    description: "Free shipping",
    codes: ["FREESHIP"],
    target: "shipping",
    effect: { kind: "free_shipping" },
    combination: { ...base.combination, combinesWith: [...base.combination.combinesWith] },
  },
];
