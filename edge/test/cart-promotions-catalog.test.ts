import { beforeAll, describe, expect, it } from "vitest";
import type { CartView } from "../../domain/cart-view.ts";
import type { PromotionDefinition } from "../../domain/promotions/model.ts";
import { sampleVariants, Shopper, type ErrorJson, type SampleVariant } from "./cart-fixtures.ts";
import { merchantApi } from "./admin-fixtures.ts";

/**
 * Promotions are merchant data in the catalog: one created or paused through the merchant API
 * reaches carts at the edge through the versioned catalog cache, within the 5 s promised to
 * merchants. Each spec uses a code promotion of its own, so carts of other specs are untouched.
 */
let variant: SampleVariant;
beforeAll(async () => {
  const [first] = await sampleVariants(1);
  if (!first) throw new Error("no sellable variant");
  variant = first;
});

async function merchant<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await merchantApi(method, path, body);
  if (!res.ok) throw new Error(`merchant ${method} ${path} answered ${res.status}: ${await res.text()}`);
  return res.json<T>();
}

const createPromotion = async (body: Record<string, unknown>) =>
  (await merchant<{ promotion: PromotionDefinition }>("POST", "/merchant/promotions", { name: "Edge spec", target: "order", status: "active", activation: "code", ...body })).promotion;

const uniqueCode = () => `EDGE${crypto.randomUUID().replaceAll("-", "").slice(0, 10).toUpperCase()}`;

async function shopperWithLine(): Promise<Shopper> {
  const shopper = new Shopper();
  expect((await shopper.json("/api/cart/items", "POST", { variantId: variant.id, quantity: 2 })).status).toBe(200);
  return shopper;
}

/** Retries `attempt` until it answers something, for at most 5 s (the merchant promise). */
async function within5s<T>(attempt: () => Promise<T | undefined>): Promise<{ value: T | undefined; ms: number }> {
  const started = Date.now();
  for (;;) {
    const value = await attempt();
    if (value !== undefined || Date.now() - started >= 5_000) return { value, ms: Date.now() - started };
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("promotions from the catalog in carts at the edge", () => {
  it("a promotion created by the merchant applies in a cart within 5 s, and pausing it takes the discount away", async () => {
    const code = uniqueCode();
    const shopper = await shopperWithLine();
    const promotion = await createPromotion({ codes: [code], effect: { kind: "percentage", basisPoints: 2500 } });

    const applied = await within5s(async () => {
      const res = await shopper.json("/api/cart/promotions", "POST", { code: code.toLowerCase() });
      return res.status === 200 ? (await res.json<{ cart: CartView }>()).cart : undefined;
    });
    expect(applied.value?.promotions).toEqual([expect.objectContaining({ promotionId: promotion.id, code, applied: true })]);
    // 25 % of the goods, to the nearest minor unit.
    expect(Math.abs((applied.value?.discountTotal ?? 0) - (applied.value?.subtotal ?? 0) / 4)).toBeLessThanOrEqual(0.5);
    expect(applied.ms).toBeLessThan(5_000);

    await merchant("POST", `/merchant/promotions/${promotion.id}/pause`);
    const paused = await within5s(async () => {
      const cart = await shopper.cart();
      return cart.discountTotal === 0 ? cart : undefined;
    });
    expect(paused.value?.promotions).toEqual([expect.objectContaining({ code, applied: false })]);
    expect(paused.ms).toBeLessThan(5_000);
  });

  it("applies a generated single-use code, looked up in the catalog by code", async () => {
    const promotion = await createPromotion({ effect: { kind: "fixed_amount", amountOff: { USD: 100, EUR: 100, GBP: 100 } } });
    const { codes } = await merchant<{ codes: string[] }>("POST", `/merchant/promotions/${promotion.id}/codes`, { count: 3, prefix: "SPEC" });
    const shopper = await shopperWithLine();
    const applied = await within5s(async () => {
      const res = await shopper.json("/api/cart/promotions", "POST", { code: codes[1] });
      return res.status === 200 ? (await res.json<{ cart: CartView }>()).cart : undefined;
    });
    expect(applied.value).toMatchObject({ discountTotal: 100, promotions: [{ promotionId: promotion.id, code: codes[1], applied: true }] });
  });

  it("refuses a code no promotion has, and the code of a draft, with 400 PROMOTION_NOT_FOUND naming code", async () => {
    const draftCode = uniqueCode();
    await merchant("POST", "/merchant/promotions", { name: "Draft", target: "order", activation: "code", codes: [draftCode], effect: { kind: "percentage", basisPoints: 1000 } });
    const shopper = await shopperWithLine();
    for (const code of [uniqueCode(), draftCode]) {
      const res = await shopper.json("/api/cart/promotions", "POST", { code });
      expect(res.status).toBe(400);
      expect((await res.json<ErrorJson>()).error).toMatchObject({ code: "PROMOTION_NOT_FOUND", details: { field: "code" } });
    }
  });
});
