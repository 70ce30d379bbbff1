import { describe, expect, it } from "vitest";
import { evaluatePromotions } from "./engine.ts";
import type { EngineInput, PromotionDefinition } from "./model.ts";
import { usageOfUsedUp } from "./used-up.ts";

const automatic: PromotionDefinition = {
  id: "promo_auto",
  name: "Ten percent",
  description: "10 % off",
  status: "active",
  activation: "automatic",
  codes: [],
  target: "order",
  effect: { kind: "percentage", basisPoints: 1000 },
  conditions: {},
  limits: { totalUses: 100, usesPerCustomer: 1, budget: { USD: 50_000 } },
  combination: { combinable: true, combinesWith: ["product", "order", "shipping"], priority: 0 },
  startsAt: null,
  endsAt: null,
  updatedAt: "2026-12-01T00:00:00.000Z",
};

const input = (usage?: EngineInput["usage"]): EngineInput => ({
  currency: "USD",
  lines: [{ key: "a", variantId: "v1", productId: "p1", categorySlugs: [], unitPrice: 5000, quantity: 2 }],
  codes: [],
  customer: {},
  shipping: 599,
  now: Date.parse("2026-12-02T00:00:00Z"),
  usage,
});

describe("a promotion checkout found used up", () => {
  it("applies in a preview that knows no uses", () => {
    expect(evaluatePromotions(input(), [automatic]).discountTotal).toBe(1000);
  });

  it.each(["limit_reached", "customer_limit_reached", "budget_exhausted"] as const)("no longer applies once the cart notes it as %s", (reason) => {
    const result = evaluatePromotions(input(usageOfUsedUp([{ promotionId: automatic.id, reason, until: Number.MAX_SAFE_INTEGER }])), [automatic]);
    expect(result.applied).toEqual([]);
    expect(result.discountTotal).toBe(0);
  });
});
