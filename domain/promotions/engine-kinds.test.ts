import { describe, expect, it } from "vitest";
import { evaluatePromotions } from "./engine.ts";
import { expectScenario, mug, sticker, tee, type Scenario } from "./engine-scenarios.ts";
import { input, line, promotion } from "./fixtures.ts";

/**
 * The engine as a specification, part one: each kind of promotion and each condition. Each row is
 * a cart, the promotions on offer and what the shopper gets (engine-scenarios.ts says what the
 * lines are). Combination, schedules, codes and customers: engine-combination.test.ts.
 */
const scenarios: Scenario[] = [
  {
    name: "percentage off the order",
    definitions: [promotion({ id: "p10", effect: { kind: "percentage", basisPoints: 1000 } })],
    input: input([tee("t1", 2), mug("m1")]),
    discount: 450,
    applied: ["p10"],
    lines: { t1: 200, m1: 250 },
  },
  {
    name: "percentage off matching products only",
    definitions: [promotion({ id: "tees", target: "product", conditions: { productIds: ["tee"] }, effect: { kind: "percentage", basisPoints: 2000 } })],
    input: input([tee("t1", 2), mug("m1")]),
    discount: 400,
    applied: ["tees"],
    lines: { t1: 400, m1: 0 },
  },
  {
    name: "a category condition covers its descendants (lines carry their category path)",
    definitions: [promotion({ id: "apparel", target: "product", conditions: { categorySlugs: ["apparel"] }, effect: { kind: "percentage", basisPoints: 5000 } })],
    input: input([tee("t1"), mug("m1")]),
    discount: 500,
    applied: ["apparel"],
  },
  {
    name: "fixed amount off each matching unit, never below zero",
    definitions: [promotion({ id: "off", target: "product", conditions: { productIds: ["sticker"] }, effect: { kind: "fixed_amount", amountOff: { USD: 700 } } })],
    input: input([sticker("s1", 3), tee("t1")]),
    discount: 1500,
    applied: ["off"],
    lines: { s1: 1500, t1: 0 },
  },
  {
    name: "fixed amount once off the order, split by line totals",
    definitions: [promotion({ id: "five", effect: { kind: "fixed_amount", amountOff: { USD: 500 } } })],
    input: input([tee("t1"), line("x", 3000)]),
    discount: 500,
    applied: ["five"],
    lines: { t1: 125, x: 375 },
  },
  {
    name: "fixed amount larger than the order takes the order to zero, no further",
    definitions: [promotion({ id: "big", effect: { kind: "fixed_amount", amountOff: { USD: 10_000 } } })],
    input: input([tee("t1"), sticker("s1")]),
    discount: 1500,
    applied: ["big"],
  },
  {
    name: "fixed price per unit, never raising a cheaper unit",
    definitions: [promotion({ id: "all5", target: "product", effect: { kind: "fixed_price", price: { USD: 800 } } })],
    input: input([tee("t1", 2), sticker("s1")]),
    discount: 400,
    applied: ["all5"],
    lines: { t1: 400, s1: 0 },
  },
  {
    name: "buy 2 get 1: 6 items → the 2 cheapest free",
    definitions: [promotion({ id: "b2g1", target: "product", effect: { kind: "buy_x_get_y", buy: 2, get: 1, basisPoints: 10_000 } })],
    input: input([mug("m1", 3), tee("t1", 2), sticker("s1")]),
    discount: 1500,
    applied: ["b2g1"],
    lines: { s1: 500, t1: 1000, m1: 0 },
  },
  {
    name: "buy 2 get 1 with the lines in another order gives the same (medusa#16396)",
    definitions: [promotion({ id: "b2g1", target: "product", effect: { kind: "buy_x_get_y", buy: 2, get: 1, basisPoints: 10_000 } })],
    input: input([sticker("s1"), tee("t1", 2), mug("m1", 3)]),
    discount: 1500,
    applied: ["b2g1"],
    lines: { s1: 500, t1: 1000, m1: 0 },
  },
  {
    name: "buy 1 get 1 half price, at most twice",
    definitions: [promotion({ id: "bogo", target: "product", effect: { kind: "buy_x_get_y", buy: 1, get: 1, basisPoints: 5000, maxApplications: 2 } })],
    input: input([tee("t1", 6)]),
    discount: 1000,
    applied: ["bogo"],
  },
  {
    name: "buy X get Y among matching units only",
    definitions: [promotion({ id: "b1g1tees", target: "product", conditions: { productIds: ["tee"] }, effect: { kind: "buy_x_get_y", buy: 1, get: 1, basisPoints: 10_000 } })],
    input: input([tee("t1"), sticker("s1"), mug("m1")]),
    discount: 0,
    applied: [],
  },
  {
    name: "free shipping",
    definitions: [promotion({ id: "ship", target: "shipping", effect: { kind: "free_shipping" } })],
    input: input([tee("t1")]),
    discount: 0,
    shipping: 599,
    applied: ["ship"],
  },
  {
    name: "percentage off shipping",
    definitions: [promotion({ id: "halfship", target: "shipping", effect: { kind: "percentage", basisPoints: 5000 } })],
    input: input([tee("t1")]),
    discount: 0,
    shipping: 300,
    applied: ["halfship"],
  },
  {
    name: "fixed amount off shipping, never below zero",
    definitions: [promotion({ id: "ship7", target: "shipping", effect: { kind: "fixed_amount", amountOff: { USD: 700 } } })],
    input: input([tee("t1")]),
    discount: 0,
    shipping: 599,
    applied: ["ship7"],
  },
  {
    name: "variant conditions match lines of those variants only",
    definitions: [promotion({ id: "navy", target: "product", conditions: { variantIds: ["v-t2"] }, effect: { kind: "percentage", basisPoints: 1000 } })],
    input: input([tee("t1"), tee("t2")]),
    discount: 100,
    applied: ["navy"],
    lines: { t1: 0, t2: 100 },
  },
  {
    name: "amounts are per currency: an amount not set for the order's currency does not apply",
    definitions: [promotion({ id: "eur5", codes: ["EUR5"], effect: { kind: "fixed_amount", amountOff: { EUR: 500 } } })],
    input: input([tee("t1")], { codes: ["EUR5"] }),
    discount: 0,
    applied: [],
    rejected: { EUR5: "EUR5 is not available in USD" },
  },
  {
    name: "minimum quantity of matching units, and specific customers",
    definitions: [
      promotion({ id: "three", codes: ["THREE"], target: "product", conditions: { productIds: ["tee"], minQuantity: 3 }, effect: { kind: "percentage", basisPoints: 1000 } }),
      promotion({ id: "ann", codes: ["ANN"], conditions: { customerIds: ["ann"] }, effect: { kind: "percentage", basisPoints: 1000 } }),
    ],
    input: input([tee("t1", 2), mug("m1", 5)], { codes: ["THREE", "ANN"], customer: { id: "bob" } }),
    discount: 0,
    applied: [],
    rejected: { THREE: "buy at least 3 items to use THREE", ANN: "ANN is not available for your account" },
  },
  {
    name: "tiered by spend: the highest tier reached (spend 100 save 10, spend 200 save 25)",
    definitions: [
      promotion({
        id: "tiers",
        effect: { kind: "tiered", tiers: [{ minSubtotal: { USD: 20_000 }, amountOff: { USD: 2500 } }, { minSubtotal: { USD: 10_000 }, amountOff: { USD: 1000 } }] },
      }),
    ],
    input: input([line("x", 15_000)]),
    discount: 1000,
    applied: ["tiers"],
  },
  {
    name: "tiered by quantity: 10 % off 3+ matching items",
    definitions: [promotion({ id: "3plus", target: "product", conditions: { productIds: ["tee"] }, effect: { kind: "tiered", tiers: [{ minQuantity: 3, basisPoints: 1000 }] } })],
    input: input([tee("t1", 3), mug("m1")]),
    discount: 300,
    applied: ["3plus"],
    lines: { t1: 300, m1: 0 },
  },
  {
    name: "minimum subtotal is judged before discounts, so one promotion never disqualifies another",
    definitions: [
      promotion({ id: "a-half", effect: { kind: "percentage", basisPoints: 5000 }, combination: { priority: 10 } }),
      promotion({ id: "b-five", effect: { kind: "fixed_amount", amountOff: { USD: 500 } }, conditions: { minSubtotal: { USD: 5000 } } }),
    ],
    input: input([line("x", 6000)]),
    discount: 3500,
    applied: ["a-half", "b-five"],
  },
];

describe("promotion engine: kinds and conditions", () => {
  it.each(scenarios)("$name", expectScenario);

  it("says what each applied promotion gave, per line, and by which code", () => {
    const r = evaluatePromotions(input([tee("t1", 2), mug("m1")], { codes: ["tees"] }), [
      promotion({ id: "tees", codes: ["TEES"], description: "20 % off tees", target: "product", conditions: { productIds: ["tee"] }, effect: { kind: "percentage", basisPoints: 2000 } }),
      promotion({ id: "ship", target: "shipping", effect: { kind: "free_shipping" } }),
    ]);
    expect(r.applied).toEqual([
      { promotionId: "tees", code: "TEES", description: "20 % off tees", target: "product", amount: 400, shippingAmount: 0, freeShipping: false, lines: [{ key: "t1", amount: 400 }] },
      { promotionId: "ship", code: null, description: "ship", target: "shipping", amount: 0, shippingAmount: 599, freeShipping: true, lines: [] },
    ]);
  });
});
