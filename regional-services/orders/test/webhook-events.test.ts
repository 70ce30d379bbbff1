import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROMOTION_BUDGET_EXHAUSTED, STOCK_LOW } from "../../../contracts/orders/events.ts";
import { outbox } from "../schema.ts";
import { DEFAULT_LOW_STOCK_THRESHOLD } from "../stock-low.ts";
import { availableDrivers, checkoutBody, openBench, ordersApp, paymentsClientFor, postCheckout, seedOffers, TEST_CARDS, type OrdersApp, type OrdersBench } from "./harness.ts";
import { promotion, publishPromotion } from "./promotions-fixtures.ts";

/**
 * The two events the orders service publishes for the merchant's webhooks beside the order ones:
 * `stock.low` once each time a variant's units fall to the threshold (5) or below, and
 * `promotion.budget_exhausted` once when checkout takes a promotion's last use or budget.
 */
const drivers = await availableDrivers();
const PRICE = 2500;

describe.each(drivers)("stock.low and promotion.budget_exhausted (%s)", (driver) => {
  let t: OrdersBench;
  let app: OrdersApp;
  let paid: string;
  let declined: string;
  let run = 0;

  beforeAll(async () => {
    t = await openBench(driver, [
      { variantId: "low-tee", price: PRICE, stock: 7 },
      { variantId: "promo-tee", price: PRICE, stock: 1_000 },
    ]);
    app = ordersApp(t.db, paymentsClientFor(t.payments.url), t.redis);
    [paid, declined] = await Promise.all([t.payments.tokenize(TEST_CARDS.succeeds), t.payments.tokenize(TEST_CARDS.declined)]);
  }, 120_000);
  afterAll(() => t.close());

  const buy = async (variantId: string, quantity: number, extra: Record<string, unknown> = {}, token = paid) => {
    run++;
    const body = checkoutBody(token, [{ variantId, quantity, unitPrice: PRICE }], { owner: { sessionId: `webhook-events-${run}` }, email: `shopper-${run}@example.com`, ...extra });
    return postCheckout(app, `webhook-events-${run}`, body);
  };
  const published = async (type: string) => (await t.db.select().from(outbox).where(eq(outbox.type, type)).orderBy(asc(outbox.seq))).map((e) => e.payload);

  it("tells a fall to the threshold once, and again only after stock rose above it", async () => {
    expect(DEFAULT_LOW_STOCK_THRESHOLD).toBe(5);
    expect((await buy("low-tee", 1)).status).toBe(201); // 6 left: above
    expect(await published(STOCK_LOW)).toEqual([]);
    expect((await buy("low-tee", 2)).status).toBe(201); // 4 left: crossed
    expect((await buy("low-tee", 1)).status).toBe(201); // 3 left: still low, not told again
    expect(await published(STOCK_LOW)).toEqual([{ variantId: "low-tee", available: 4, threshold: 5 }]);

    // A refused checkout publishes nothing: its transaction, notice included, rolls back.
    expect((await buy("low-tee", 50)).status).toBe(409);
    // The merchant's own count can cross, both ways (catalog feed): 8 re-arms it.
    await seedOffers(t.db, [{ variantId: "low-tee", price: PRICE, stock: 8 }]);
    // A checkout takes 4 (told), its payment is declined and the units come back (8: re-armed).
    const failed = await buy("low-tee", 4, {}, declined);
    expect(((await failed.json()) as { order: { status: string } }).order.status).toBe("payment_failed");
    expect((await buy("low-tee", 3)).status).toBe(201); // 5 left: told again
    await seedOffers(t.db, [{ variantId: "low-tee", price: PRICE, stock: 40 }]);
    await seedOffers(t.db, [{ variantId: "low-tee", price: PRICE, stock: 2 }]);
    expect((await published(STOCK_LOW)).map((p) => (p as { available: number }).available)).toEqual([4, 4, 5, 2]);
  });

  it("tells a promotion's last use once, and a spent budget once", async () => {
    await publishPromotion(t.db, promotion("promo-uses", { codes: ["LASTTWO"], limits: { totalUses: 2 } }));
    await publishPromotion(t.db, promotion("promo-budget", { codes: ["BUDGET1000"], limits: { budget: { USD: 1_000 } } }));
    for (let i = 0; i < 2; i++) expect((await buy("promo-tee", 1, { promotionCodes: ["LASTTWO"] })).status).toBe(201);
    expect((await buy("promo-tee", 1, { promotionCodes: ["LASTTWO"] })).status).toBe(409);
    expect((await buy("promo-tee", 1, { promotionCodes: ["BUDGET1000"] })).status).toBe(201);
    expect(await published(PROMOTION_BUDGET_EXHAUSTED)).toEqual([{ promotionId: "promo-uses", limit: "uses", uses: 2, spent: { USD: 1_000 } }]);
    expect((await buy("promo-tee", 1, { promotionCodes: ["BUDGET1000"] })).status).toBe(201);
    expect((await buy("promo-tee", 1, { promotionCodes: ["BUDGET1000"] })).status).toBe(409);
    expect((await published(PROMOTION_BUDGET_EXHAUSTED)).slice(1)).toEqual([{ promotionId: "promo-budget", limit: "budget", uses: 2, spent: { USD: 1_000 } }]);
  });
});
