import { describe, it } from "vitest";
import { day, expectScenario, iso, tee, type Scenario } from "./engine-scenarios.ts";
import { input, line, NOW, promotion } from "./fixtures.ts";

/**
 * The engine as a specification, part two: which promotions combine (exclusive, stacks, priority,
 * combinesWith), schedules, codes and the reasons a code does not apply, limits and customers.
 */
const scenarios: Scenario[] = [
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

describe("promotion engine: combination, schedules, codes and customers", () => {
  it.each(scenarios)("$name", expectScenario);
});
