import { expect } from "vitest";
import { evaluatePromotions } from "./engine.ts";
import { line } from "./fixtures.ts";
import type { EngineInput, PromotionDefinition } from "./model.ts";

/**
 * What the engine's scenario tables (engine-kinds.test.ts, engine-combination.test.ts) share:
 * lines are $10.00 tees (t1, t2), a $25.00 mug (m1) and a $5.00 sticker (s1) unless a row says
 * otherwise; shipping is $5.99.
 */
export const tee = (key: string, quantity = 1) => line(key, 1000, quantity, { productId: "tee", categorySlugs: ["apparel", "tops"] });
export const mug = (key: string, quantity = 1) => line(key, 2500, quantity, { productId: "mug", categorySlugs: ["home", "kitchen"] });
export const sticker = (key: string, quantity = 1) => line(key, 500, quantity, { productId: "sticker", categorySlugs: ["stationery"] });

export const day = 86_400_000;
export const iso = (ms: number) => new Date(ms).toISOString();

/** One row: a cart, the promotions on offer and what the shopper gets. */
export interface Scenario {
  name: string;
  definitions: PromotionDefinition[];
  input: EngineInput;
  discount: number;
  shipping?: number;
  applied: string[];
  lines?: Record<string, number>;
  rejected?: Record<string, string>;
}

export function expectScenario(s: Scenario): void {
  const r = evaluatePromotions(s.input, s.definitions);
  expect(r.applied.map((a) => a.promotionId)).toEqual(s.applied);
  expect(r.discountTotal).toBe(s.discount);
  expect(r.shippingDiscount).toBe(s.shipping ?? 0);
  if (s.lines) for (const [key, amount] of Object.entries(s.lines)) expect(r.lineDiscounts.get(key), key).toBe(amount);
  expect(Object.fromEntries(r.rejected.map((x) => [x.code, x.message]))).toEqual(s.rejected ?? {});
}
