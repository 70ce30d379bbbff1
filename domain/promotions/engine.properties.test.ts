import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { priceWithPromotions } from "../totals.ts";
import { evaluatePromotions } from "./engine.ts";
import { input, line, promotion } from "./fixtures.ts";
import { PROMOTION_TARGETS, type EngineInput, type EngineLine, type EngineResult, type PromotionDefinition, type PromotionEffect } from "./model.ts";

/**
 * The engine's promises, checked on generated carts and promotion sets: nothing goes below zero
 * and the parts add up; the answer does not depend on the order of lines, codes or definitions;
 * adding a combinable promotion never raises the total; the chosen set is never worse than the
 * best single promotion (so an exclusive one never gives less than it should).
 */
const money = fc.integer({ min: 0, max: 5000 });
const usd = (n: number) => ({ USD: n });

const effect: fc.Arbitrary<PromotionEffect> = fc.oneof(
  fc.integer({ min: 1, max: 10_000 }).map((bp) => ({ kind: "percentage" as const, basisPoints: bp })),
  money.map((n) => ({ kind: "fixed_amount" as const, amountOff: usd(n) })),
  money.map((n) => ({ kind: "fixed_price" as const, price: usd(n) })),
  fc.record({
    kind: fc.constant("buy_x_get_y" as const),
    buy: fc.integer({ min: 1, max: 3 }),
    get: fc.integer({ min: 1, max: 2 }),
    basisPoints: fc.integer({ min: 1, max: 10_000 }),
    maxApplications: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  }),
  fc.constant({ kind: "free_shipping" as const }),
  fc.array(
    fc.oneof(
      fc.record({ minQuantity: fc.integer({ min: 1, max: 6 }), basisPoints: fc.integer({ min: 1, max: 10_000 }) }),
      fc.record({ minSubtotal: money.map(usd), amountOff: money.map(usd) }),
    ),
    { minLength: 1, maxLength: 3 },
  ).map((tiers) => ({ kind: "tiered" as const, tiers })),
);

const definition = (id: string): fc.Arbitrary<PromotionDefinition> =>
  fc
    .record({
      target: fc.constantFrom(...PROMOTION_TARGETS),
      effect,
      byCode: fc.boolean(),
      products: fc.option(fc.subarray(["a", "b", "c"], { minLength: 1 }), { nil: undefined }),
      minSubtotal: fc.option(money, { nil: undefined }),
      combinable: fc.boolean(),
      combinesWith: fc.subarray([...PROMOTION_TARGETS]),
      priority: fc.integer({ min: -2, max: 2 }),
    })
    .map((r) =>
      promotion({
        id,
        effect: r.effect,
        target: r.target,
        activation: r.byCode ? "code" : "automatic",
        codes: r.byCode ? [`CODE-${id}`] : [],
        conditions: { productIds: r.products, minSubtotal: r.minSubtotal === undefined ? undefined : usd(r.minSubtotal) },
        combination: { combinable: r.combinable, combinesWith: r.combinesWith, priority: r.priority },
      }),
    );

const definitions = (n: number, prefix = "p") =>
  fc.tuple(...Array.from({ length: n }, (_, i) => definition(`${prefix}${i}`))).map((ds) => [...ds]);

const lines: fc.Arbitrary<EngineLine[]> = fc
  .array(
    fc.record({
      price: fc.integer({ min: 0, max: 4000 }),
      quantity: fc.integer({ min: 1, max: 5 }),
      product: fc.constantFrom("a", "b", "c"),
    }),
    { maxLength: 6 },
  )
  .map((ls) => ls.map((l, i) => line(`k${i}`, l.price, l.quantity, { productId: l.product, categorySlugs: [] })));

const scenario = fc
  .record({ lines, defs: fc.integer({ min: 0, max: 5 }).chain((n) => definitions(n)), shipping: fc.integer({ min: 0, max: 1000 }), extraCodes: fc.subarray(["NOPE"]) })
  .map((s) => ({
    ...s,
    input: input(s.lines, { shipping: s.shipping, codes: [...s.defs.flatMap((d) => d.codes), ...s.extraCodes] }),
  }));

const given = (r: EngineResult) => r.discountTotal + r.shippingDiscount;
const runs = { numRuns: 400 };

describe("promotion engine properties", () => {
  it("never discounts a line below zero, nor shipping below zero, and the parts add up", () => {
    fc.assert(
      fc.property(scenario, ({ input: i, defs }) => {
        const r = evaluatePromotions(i, defs);
        let sum = 0;
        for (const l of i.lines) {
          const d = r.lineDiscounts.get(l.key) ?? -1;
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(l.unitPrice * l.quantity);
          sum += d;
        }
        expect(sum).toBe(r.discountTotal);
        expect(r.shippingDiscount).toBeGreaterThanOrEqual(0);
        expect(r.shippingDiscount).toBeLessThanOrEqual(i.shipping);
        expect(r.applied.reduce((s, a) => s + a.amount, 0)).toBe(r.discountTotal);
        expect(r.applied.reduce((s, a) => s + a.shippingAmount, 0)).toBe(r.shippingDiscount);
        for (const a of r.applied) expect(a.lines.reduce((s, l) => s + l.amount, 0)).toBe(a.amount);
        const totals = priceWithPromotions({ currency: "USD", lines: i.lines, codes: i.codes, definitions: defs, shippingCountry: "GB", context: { now: i.now } }).totals;
        expect(totals.total).toBeGreaterThanOrEqual(0);
      }),
      runs,
    );
  });

  it("does not depend on the order of lines, codes or definitions, nor on the case of codes", () => {
    const shuffled = scenario.chain((s) =>
      fc.record({ lines: fc.shuffledSubarray(s.lines, { minLength: s.lines.length }), codes: fc.shuffledSubarray([...s.input.codes], { minLength: s.input.codes.length }), defs: fc.shuffledSubarray(s.defs, { minLength: s.defs.length }) }).map((o) => ({ s, o })),
    );
    fc.assert(
      fc.property(shuffled, ({ s, o }) => {
        const a = evaluatePromotions(s.input, s.defs);
        const b = evaluatePromotions({ ...s.input, lines: o.lines, codes: o.codes.map((c) => ` ${c.toLowerCase()}`) }, o.defs);
        expect(normalise(b)).toEqual(normalise(a));
      }),
      runs,
    );
  });

  it("adding a combinable promotion never raises the total", () => {
    const withExtra = scenario.chain((s) => definition("extra").map((extra) => ({ s, extra: { ...extra, combination: { ...extra.combination, combinable: true } } })));
    fc.assert(
      fc.property(withExtra, ({ s, extra }) => {
        const i: EngineInput = { ...s.input, codes: [...s.input.codes, ...extra.codes] };
        const before = evaluatePromotions(i, s.defs);
        const after = evaluatePromotions(i, [...s.defs, extra]);
        expect(given(after)).toBeGreaterThanOrEqual(given(before));
        const total = (defs: PromotionDefinition[]) =>
          priceWithPromotions({ currency: "USD", lines: i.lines, codes: i.codes, definitions: defs, shippingCountry: "GB", context: { now: i.now } }).totals.total;
        expect(total([...s.defs, extra])).toBeLessThanOrEqual(total(s.defs));
      }),
      runs,
    );
  });

  it("gives at least what the best single promotion would (an exclusive one never gives less)", () => {
    fc.assert(
      fc.property(scenario, ({ input: i, defs }) => {
        const best = Math.max(0, ...defs.map((d) => given(evaluatePromotions(i, [d]))));
        expect(given(evaluatePromotions(i, defs))).toBeGreaterThanOrEqual(best);
      }),
      runs,
    );
  });
});

function normalise(r: EngineResult) {
  return { ...r, lineDiscounts: [...r.lineDiscounts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)) };
}
