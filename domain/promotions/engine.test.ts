import { describe, expect, it } from "vitest";
import { evaluatePromotions } from "./engine.ts";
import { input, line, NOW, promotion } from "./fixtures.ts";
import type { EngineInput, PromotionDefinition } from "./model.ts";

/**
 * The engine as a specification: each row is a cart, the promotions on offer and what the shopper
 * gets. Lines are $10.00 tees (t1, t2), a $25.00 mug (m1) and a $5.00 sticker (s1) unless a row
 * says otherwise; shipping is $5.99.
 */
const tee = (key: string, quantity = 1) => line(key, 1000, quantity, { productId: "tee", categorySlugs: ["apparel", "tops"] });
const mug = (key: string, quantity = 1) => line(key, 2500, quantity, { productId: "mug", categorySlugs: ["home", "kitchen"] });
const sticker = (key: string, quantity = 1) => line(key, 500, quantity, { productId: "sticker", categorySlugs: ["stationery"] });

interface Scenario {
  name: string;
  definitions: PromotionDefinition[];
  input: EngineInput;
  discount: number;
  shipping?: number;
  applied: string[];
  lines?: Record<string, number>;
  rejected?: Record<string, string>;
}

const day = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

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
  {
    name: "exclusive promotions compete: the shopper gets the better one",
    definitions: [
      promotion({ id: "ten", effect: { kind: "percentage", basisPoints: 1000 }, combination: { combinable: false } }),
      promotion({ id: "five", effect: { kind: "fixed_amount", amountOff: { USD: 500 } }, combination: { combinable: false } }),
    ],
    input: input([line("x", 4000)]),
    discount: 500,
    applied: ["five"],
  },
  {
    name: "an exclusive promotion beats a weaker stack (vendure#3585)",
    definitions: [
      promotion({ id: "excl", effect: { kind: "percentage", basisPoints: 2500 }, combination: { combinable: false } }),
      promotion({ id: "s1", effect: { kind: "percentage", basisPoints: 1000 } }),
      promotion({ id: "s2", target: "shipping", effect: { kind: "free_shipping" } }),
    ],
    input: input([line("x", 4000)]),
    discount: 1000,
    shipping: 0,
    applied: ["excl"],
  },
  {
    name: "a stronger stack beats an exclusive promotion (vendure#3585)",
    definitions: [
      promotion({ id: "excl", effect: { kind: "percentage", basisPoints: 2500 }, combination: { combinable: false } }),
      promotion({ id: "s1", effect: { kind: "percentage", basisPoints: 1000 } }),
      promotion({ id: "s2", target: "shipping", effect: { kind: "free_shipping" } }),
    ],
    input: input([line("x", 2000)]),
    discount: 200,
    shipping: 599,
    applied: ["s1", "s2"],
  },
  {
    name: "priority decides the order of application among combined promotions (vendure#3585)",
    definitions: [
      promotion({ id: "five", effect: { kind: "fixed_amount", amountOff: { USD: 500 } }, combination: { priority: 1 } }),
      promotion({ id: "half", effect: { kind: "percentage", basisPoints: 5000 }, combination: { priority: 5 } }),
    ],
    input: input([line("x", 2000)]),
    discount: 1500,
    applied: ["half", "five"],
  },
  {
    name: "combinesWith must name each other's class both ways, else the better side wins",
    definitions: [
      promotion({ id: "prod", target: "product", effect: { kind: "percentage", basisPoints: 2000 }, combination: { combinesWith: ["order"] } }),
      promotion({ id: "ord", effect: { kind: "fixed_amount", amountOff: { USD: 300 } }, combination: { combinesWith: ["shipping"] } }),
    ],
    input: input([line("x", 2000)]),
    discount: 400,
    applied: ["prod"],
  },
  {
    name: "combinesWith named both ways: both apply, product first",
    definitions: [
      promotion({ id: "prod", target: "product", effect: { kind: "percentage", basisPoints: 2000 }, combination: { combinesWith: ["order"] } }),
      promotion({ id: "ord", effect: { kind: "fixed_amount", amountOff: { USD: 300 } }, combination: { combinesWith: ["product"] } }),
    ],
    input: input([line("x", 2000)]),
    discount: 700,
    applied: ["prod", "ord"],
  },
  {
    name: "a scheduled promotion is off before it starts and from its end",
    definitions: [
      promotion({ id: "later", effect: { kind: "percentage", basisPoints: 1000 }, startsAt: iso(NOW + day) }),
      promotion({ id: "over", effect: { kind: "percentage", basisPoints: 1000 }, endsAt: iso(NOW) }),
      promotion({ id: "now", effect: { kind: "percentage", basisPoints: 500 }, startsAt: iso(NOW), endsAt: iso(NOW + 1) }),
    ],
    input: input([line("x", 1000)]),
    discount: 50,
    applied: ["now"],
  },
  {
    name: "codes are matched in any case and order; unknown codes say so",
    definitions: [promotion({ id: "w", codes: ["WELCOME10"], effect: { kind: "percentage", basisPoints: 1000 } })],
    input: input([line("x", 1000)], { codes: ["nope", " welcome10 "] }),
    discount: 100,
    applied: ["w"],
    rejected: { NOPE: "NOPE is not a valid code" },
  },
  {
    name: "a code says why it does not apply",
    definitions: [
      promotion({ id: "ended", codes: ["OLD"], effect: { kind: "percentage", basisPoints: 1000 }, endsAt: iso(NOW - day) }),
      promotion({ id: "min", codes: ["SAVE5"], effect: { kind: "fixed_amount", amountOff: { USD: 500 } }, conditions: { minSubtotal: { USD: 5000 } } }),
      promotion({ id: "mugs", codes: ["MUGS"], target: "product", conditions: { productIds: ["mug"] }, effect: { kind: "percentage", basisPoints: 1000 } }),
      promotion({ id: "members", codes: ["VIP"], conditions: { customerTags: ["vip"] }, effect: { kind: "percentage", basisPoints: 1000 } }),
      promotion({ id: "paused", codes: ["PAUSED"], status: "paused", effect: { kind: "percentage", basisPoints: 1000 } }),
      promotion({ id: "euro", codes: ["EURO"], conditions: { currencies: ["EUR"] }, effect: { kind: "percentage", basisPoints: 1000 } }),
    ],
    input: input([tee("t1")], { codes: ["OLD", "SAVE5", "MUGS", "VIP", "PAUSED", "EURO"] }),
    discount: 0,
    applied: [],
    rejected: {
      OLD: "OLD has ended",
      SAVE5: "spend $50.00 to use SAVE5",
      MUGS: "MUGS is not for these products",
      VIP: "sign in to use VIP",
      PAUSED: "PAUSED is not available right now",
      EURO: "EURO is not available in USD",
    },
  },
  {
    name: "a code that loses to an exclusive promotion names it",
    definitions: [
      promotion({ id: "bf", name: "Black Friday 20 %", effect: { kind: "percentage", basisPoints: 2000 }, combination: { combinable: false } }),
      promotion({ id: "summer", codes: ["SUMMER"], effect: { kind: "percentage", basisPoints: 1000 } }),
    ],
    input: input([line("x", 1000)], { codes: ["summer"] }),
    discount: 200,
    applied: ["bf"],
    rejected: { SUMMER: "SUMMER doesn't combine with Black Friday 20 %" },
  },
  {
    name: "limits are explained when usage is known; single-use codes are used once",
    definitions: [
      promotion({ id: "cap", codes: ["CAP"], limits: { totalUses: 10 }, effect: { kind: "percentage", basisPoints: 1000 } }),
      promotion({ id: "once", codes: ["ONCE"], limits: { usesPerCustomer: 1 }, effect: { kind: "percentage", basisPoints: 1000 } }),
      promotion({ id: "budget", codes: ["BUDGET"], limits: { budget: { USD: 10_000 } }, effect: { kind: "percentage", basisPoints: 1000 } }),
      promotion({ id: "gen", activation: "code", effect: { kind: "percentage", basisPoints: 1000 } }),
    ],
    input: input([line("x", 1000)], {
      codes: ["CAP", "ONCE", "BUDGET", "GEN-AAA", "GEN-BBB"],
      usage: new Map([
        ["cap", { uses: 10, customerUses: 0, spent: 0 }],
        ["once", { uses: 3, customerUses: 1, spent: 0 }],
        ["budget", { uses: 3, customerUses: 0, spent: 10_000 }],
      ]),
      singleUseCodes: new Map([
        ["GEN-AAA", { promotionId: "gen", used: true }],
        ["GEN-BBB", { promotionId: "gen", used: false }],
      ]),
    }),
    discount: 100,
    applied: ["gen"],
    rejected: {
      CAP: "CAP has reached its usage limit",
      ONCE: "you have already used ONCE as many times as it allows",
      BUDGET: "BUDGET is no longer available",
      "GEN-AAA": "GEN-AAA has already been used",
    },
  },
  {
    name: "a promotion applies once, however many of its codes are entered",
    definitions: [promotion({ id: "summer", name: "Summer sale", codes: ["SUN", "SEA"], effect: { kind: "percentage", basisPoints: 1000 } })],
    input: input([line("x", 1000)], { codes: ["sun", "sea"] }),
    discount: 100,
    applied: ["summer"],
    rejected: { SUN: "SUN doesn't combine with SEA (Summer sale)" },
  },
  {
    name: "first-order and signed-in-only promotions",
    definitions: [
      promotion({ id: "first", codes: ["FIRST"], conditions: { firstOrderOnly: true }, effect: { kind: "percentage", basisPoints: 1000 } }),
      promotion({ id: "member", codes: ["MEMBER"], conditions: { signedInOnly: true }, effect: { kind: "percentage", basisPoints: 1000 } }),
    ],
    input: input([line("x", 1000)], { codes: ["FIRST", "MEMBER"], customer: { id: "c1", isFirstOrder: false } }),
    discount: 100,
    applied: ["member"],
    rejected: { FIRST: "FIRST is for first orders only" },
  },
];

describe("promotion engine scenarios", () => {
  it.each(scenarios)("$name", (s) => {
    const r = evaluatePromotions(s.input, s.definitions);
    expect(r.applied.map((a) => a.promotionId)).toEqual(s.applied);
    expect(r.discountTotal).toBe(s.discount);
    expect(r.shippingDiscount).toBe(s.shipping ?? 0);
    if (s.lines) for (const [key, amount] of Object.entries(s.lines)) expect(r.lineDiscounts.get(key), key).toBe(amount);
    expect(Object.fromEntries(r.rejected.map((x) => [x.code, x.message]))).toEqual(s.rejected ?? {});
  });

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
