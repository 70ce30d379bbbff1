import { describe, expect, it } from "vitest";
import { evaluatePromotions } from "./engine.ts";
import type { EngineInput, PromotionDefinition } from "./model.ts";
import { customerAfterFindings, usageOfUsedUp } from "./used-up.ts";

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

describe("a finding about the customer", () => {
  const forTags = (id: string, customerTags: string[]): PromotionDefinition => ({ ...automatic, id, limits: {}, conditions: { customerTags } });
  const vip = forTags("promo_vip", ["vip", "gold"]);
  const trade = forTags("promo_trade", ["trade"]);
  const first: PromotionDefinition = { ...automatic, id: "promo_first", limits: {}, conditions: { firstOrderOnly: true } };
  const customer = { id: "cus_1", tags: ["vip", "trade"] };
  const noted = (promotionId: string, reason: "customer_not_eligible" | "first_order_only") => ({ promotionId, reason, until: Number.MAX_SAFE_INTEGER });

  it("takes away the tags of a promotion checkout found the customer not eligible for, and no others", () => {
    const after = customerAfterFindings(customer, [noted("promo_vip", "customer_not_eligible")], [vip, trade, first]);
    expect(after).toEqual({ id: "cus_1", tags: ["trade"] });
    const result = evaluatePromotions({ ...input(), customer: after }, [vip, trade]);
    expect(result.applied.map((a) => a.promotionId)).toEqual(["promo_trade"]);
  });

  it("makes the preview treat the order as not a first one", () => {
    const after = customerAfterFindings(customer, [noted("promo_first", "first_order_only")], [first]);
    expect(after).toEqual({ ...customer, isFirstOrder: false });
    expect(evaluatePromotions({ ...input(), customer }, [first]).discountTotal).toBe(1000);
    expect(evaluatePromotions({ ...input(), customer: after }, [first]).discountTotal).toBe(0);
  });

  it("changes no use counts, and nothing when the finding names a promotion the cart does not have", () => {
    expect(usageOfUsedUp([noted("promo_vip", "customer_not_eligible"), noted("promo_first", "first_order_only")]).size).toBe(0);
    expect(customerAfterFindings(customer, [noted("promo_gone", "customer_not_eligible")], [vip])).toEqual(customer);
  });
});
