import { and, count, eq, sum } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckoutResponse } from "../../../contracts/orders/api.ts";
import type { PromotionUsageView } from "../../../contracts/orders/promotion-usage.ts";
import { priceOrder } from "../../../domain/checkout.ts";
import type { PromotionLimits } from "../../../domain/promotions/model.ts";
import type { OrdersDb } from "../db.ts";
import { orders, promotionCounters, promotionRedemptions, promotionSpend } from "../schema.ts";
import { ADDRESS, availableDrivers, checkoutBody, errorOf, MERCHANT_TOKEN, openBench, ordersApp, paymentsClientFor, postCheckout, TEST_CARDS, type OrdersApp, type OrdersBench } from "./harness.ts";
import { promotion, publishCodes, publishPromotion } from "./promotions-fixtures.ts";

/**
 * Promotion limits are counted by the orders service alone, inside the checkout transaction, so
 * they hold exactly however many shoppers race for the last uses: total uses, uses per customer,
 * a budget per currency (never overshot) and single-use codes. Run on Postgres, where
 * transactions really run side by side.
 */
const drivers = (await availableDrivers()).filter((d) => d === "postgres");
const PRICE = 2500;

describe.each(drivers)("promotion limits under concurrent checkouts (%s)", (driver) => {
  let t: OrdersBench;
  let db: OrdersDb;
  let app: OrdersApp;
  let paid: string;

  beforeAll(async () => {
    t = await openBench(driver, [
      { variantId: "tee", price: PRICE, stock: 100_000 },
      { variantId: "cap", price: PRICE, stock: 100_000 },
    ]);
    db = t.db;
    app = ordersApp(db, paymentsClientFor(t.payments.url), t.redis);
    paid = await t.payments.tokenize(TEST_CARDS.succeeds);
  }, 120_000);
  afterAll(() => t.close());

  const codePromotion = (id: string, code: string, limits: PromotionLimits) => publishPromotion(db, promotion(id, { codes: [code], limits }));
  const shopper = (run: string, i: number, extra: Record<string, unknown> = {}) =>
    checkoutBody(paid, [{ variantId: "tee", quantity: 1, unitPrice: PRICE }], { owner: { sessionId: `${run}-${i}` }, email: `${run}-${i}@example.com`, ...extra });

  async function usage(id: string): Promise<PromotionUsageView> {
    const res = await app.request(`/merchant/promotions/${id}/usage`, { headers: { authorization: `Bearer ${MERCHANT_TOKEN}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as PromotionUsageView;
  }

  /** Counters equal what the redemption rows add up to: nothing counted twice, nothing lost. */
  async function expectCountersMatchRedemptions(id: string): Promise<void> {
    const live = and(eq(promotionRedemptions.promotionId, id), eq(promotionRedemptions.status, "released"));
    const [all] = await db.select({ n: count(), amount: sum(promotionRedemptions.amount) }).from(promotionRedemptions).where(eq(promotionRedemptions.promotionId, id));
    const [released] = await db.select({ n: count(), amount: sum(promotionRedemptions.amount) }).from(promotionRedemptions).where(live);
    const [counter] = await db.select().from(promotionCounters).where(eq(promotionCounters.promotionId, id));
    const spend = await db.select().from(promotionSpend).where(eq(promotionSpend.promotionId, id));
    expect(counter?.uses ?? 0).toBe((all?.n ?? 0) - (released?.n ?? 0));
    expect(spend.reduce((s, r) => s + r.spent, 0)).toBe(Number(all?.amount ?? 0) - Number(released?.amount ?? 0));
  }

  /**
   * A checkout as a shopper's client makes it: a 503 (payments slow to answer on a loaded machine)
   * is sent again with the same key, as the contract says; it continues the same order.
   */
  async function place(key: string, body: unknown): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      const res = await postCheckout(app, key, body);
      if (res.status !== 503 || attempt === 5) return res;
      await res.arrayBuffer();
    }
  }

  async function outcomes(responses: Response[]) {
    const won: CheckoutResponse[] = [];
    const refused: { code: string; details?: unknown }[] = [];
    for (const res of responses) {
      if (res.status === 201 || res.status === 200) won.push((await res.json()) as CheckoutResponse);
      else if (res.status === 409) refused.push(await errorOf(res));
      else throw new Error(`unexpected ${res.status}: ${await res.text()}`);
    }
    return { won, refused };
  }

  it("makes exactly 100 discounted orders of 500 shoppers racing for a code with 100 uses left; the rest hear why", async () => {
    await codePromotion("promo_hundred", "HUNDRED", { totalUses: 100 });
    const responses = await Promise.all(Array.from({ length: 500 }, (_, i) => place(`hundred-${i}`, shopper("hundred", i, { promotionCodes: ["HUNDRED"] }))));
    const { won, refused } = await outcomes(responses);
    expect(won).toHaveLength(100);
    for (const w of won) expect(w.order).toMatchObject({ status: "paid", discountTotal: 500 });
    expect(refused).toHaveLength(400);
    for (const r of refused) expect(r).toMatchObject({ code: "PROMOTION_NOT_APPLICABLE", details: { promotions: [{ code: "HUNDRED", reason: "limit_reached" }] } });
    expect(await usage("promo_hundred")).toEqual({ promotionId: "promo_hundred", uses: 100, usesHeld: 0, budgetSpent: { USD: 50_000 }, customers: 100 });
    await expectCountersMatchRedemptions("promo_hundred");
    // A refused checkout left no order behind.
    const [placed] = await db.select({ n: count() }).from(orders).where(eq(orders.email, "hundred-0@example.com"));
    expect(placed?.n).toBeLessThanOrEqual(1);
  }, 300_000);

  it("never overshoots a budget under concurrent checkouts of different sizes, and loses no counted spend (medusa#16595)", async () => {
    // 10 % off: 250, 500 or 750 per order; 10,100 is no multiple of them, so the last fits matter.
    await publishPromotion(db, promotion("promo_budget", { codes: ["BUDGET"], effect: { kind: "percentage", basisPoints: 1000 }, limits: { budget: { USD: 10_100 } } }));
    const responses = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        place(`budget-${i}`, shopper("budget", i, { promotionCodes: ["BUDGET"], lines: [{ variantId: "tee", quantity: (i % 3) + 1, unitPrice: PRICE }] })),
      ),
    );
    const { won, refused } = await outcomes(responses);
    const given = won.reduce((s, w) => s + w.order.discountTotal, 0);
    expect(given).toBeLessThanOrEqual(10_100);
    // At least the budget less the largest discount was given: refusals came from a budget really spent.
    expect(given).toBeGreaterThan(10_100 - 750);
    for (const r of refused) expect(r).toMatchObject({ code: "PROMOTION_NOT_APPLICABLE", details: { promotions: [{ code: "BUDGET", reason: "budget_exhausted" }] } });
    expect((await usage("promo_budget")).budgetSpent).toEqual({ USD: given });
    await expectCountersMatchRedemptions("promo_budget");
  }, 300_000);

  it("lets one customer use a promotion only as often as allowed, however many checkouts race, signed in or as a guest by email", async () => {
    await codePromotion("promo_twice", "TWICE", { usesPerCustomer: 2 });
    const signedIn = await Promise.all(
      Array.from({ length: 20 }, (_, i) => place(`twice-${i}`, shopper("twice", i, { promotionCodes: ["TWICE"], owner: { sessionId: `twice-${i}`, customerId: "cus_eager" } }))),
    );
    const a = await outcomes(signedIn);
    expect(a.won).toHaveLength(2);
    for (const r of a.refused) expect(r).toMatchObject({ details: { promotions: [{ code: "TWICE", reason: "customer_limit_reached" }] } });
    const guests = await Promise.all(Array.from({ length: 10 }, (_, i) => place(`twice-guest-${i}`, shopper("twice-guest", i, { promotionCodes: ["TWICE"], email: "Guest@Example.com" }))));
    const b = await outcomes(guests);
    expect(b.won).toHaveLength(2);
    expect(b.refused).toHaveLength(8);
    expect(await usage("promo_twice")).toMatchObject({ uses: 4, customers: 2 });
  }, 300_000);

  it("lets a generated single-use code make one order, whoever races for it", async () => {
    await publishPromotion(db, promotion("promo_single"));
    await publishCodes(db, "promo_single", ["ONCE-7K3QX9WMHT"]);
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => place(`once-${i}`, shopper("once", i, { promotionCodes: ["once-7k3qx9wmht"] }))));
    const { won, refused } = await outcomes(responses);
    expect(won).toHaveLength(1);
    expect(won[0]?.order.discountTotal).toBe(500);
    expect(refused).toHaveLength(29);
    for (const r of refused) expect(r).toMatchObject({ code: "PROMOTION_NOT_APPLICABLE", details: { promotions: [{ code: "ONCE-7K3QX9WMHT", reason: "code_used" }] } });
  }, 300_000);

  it("re-prices rather than over-counts when many checkouts race for an automatic promotion's last use, refusing those whose cart showed it", async () => {
    const definition = promotion("promo_auto_last", { activation: "automatic", conditions: { productIds: ["prod-cap"] }, limits: { totalUses: 1 } });
    await publishPromotion(db, definition);
    const line = { variantId: "cap", productSlug: "product-cap", title: "Product cap", sku: "SKU-cap", imageUrl: "/images/cap.svg", unitPrice: PRICE, quantity: 1, productId: "prod-cap" };
    // What the cart showed: the shared pricing with the promotion and no knowledge of its uses.
    const previewed = priceOrder([line], [], [definition], "USD", ADDRESS.country);
    if (!previewed.ok) throw new Error("the preview refused the promotion");
    const body = (i: number, extra: Record<string, unknown> = {}) =>
      checkoutBody(paid, [{ variantId: "cap", quantity: 1, unitPrice: PRICE }], { owner: { sessionId: `cap-${i}` }, email: `cap-${i}@example.com`, ...extra });
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => place(`cap-${i}`, body(i, { expectedTotal: previewed.totals.total }))));
    const { won, refused } = await outcomes(responses);
    expect(won).toHaveLength(1);
    expect(won[0]?.order).toMatchObject({ discountTotal: 500, total: previewed.totals.total });
    expect(refused).toHaveLength(29);
    for (const r of refused) {
      expect(r).toMatchObject({ code: "TOTAL_CHANGED", details: { expected: previewed.totals.total, promotions: [{ promotionId: "promo_auto_last", reason: "limit_reached" }] } });
      expect((r.details as { actual: number }).actual).toBeGreaterThan(previewed.totals.total);
    }
    // A client that sends no expected total is charged the authoritative price, undiscounted.
    const late = await place("cap-late", body(99));
    expect(late.status).toBe(201);
    expect(((await late.json()) as CheckoutResponse).order.discountTotal).toBe(0);
    expect(await usage("promo_auto_last")).toMatchObject({ uses: 1, customers: 1 });
    await expectCountersMatchRedemptions("promo_auto_last");
  }, 300_000);
});
