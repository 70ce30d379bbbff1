import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckoutResponse } from "../../../contracts/orders/api.ts";
import type { PromotionOrdersResponse, PromotionUsageView } from "../../../contracts/orders/promotion-usage.ts";
import type { OrdersDb } from "../db.ts";
import { applyPaymentEvent } from "../payments-feed.ts";
import { redemptionsOf } from "../promotion-redemptions.ts";
import { orders } from "../schema.ts";
import { availableDrivers, call, checkoutBody, errorOf, MERCHANT_TOKEN, openBench, ordersApp, paymentsClientFor, postCheckout, TEST_CARDS, type OrdersApp, type OrdersBench } from "./harness.ts";
import { promotion, publishPromotion } from "./promotions-fixtures.ts";

/**
 * A promotion's use follows its order: held while the order awaits payment, confirmed once it is
 * paid, given back exactly once when it ends unpaid, however often and in whatever order the
 * payment's outcome is reported. A payment that needs the shopper's confirmation is one order and
 * one use (saleor#8219). The total the cart showed is the total charged, or the order is refused.
 */
const drivers = await availableDrivers();
const PRICE = 2500;

describe.each(drivers)("promotion uses through an order's life (%s)", (driver) => {
  let t: OrdersBench;
  let db: OrdersDb;
  let app: OrdersApp;
  let n = 0;

  beforeAll(async () => {
    t = await openBench(driver, [{ variantId: "mug", price: PRICE, stock: 1000 }]);
    db = t.db;
    app = ordersApp(db, paymentsClientFor(t.payments.url), t.redis);
  }, 120_000);
  afterAll(() => t.close());

  const merchant = (path: string, token = MERCHANT_TOKEN) => app.request(path, { headers: { authorization: `Bearer ${token}` } });
  async function usage(id: string): Promise<PromotionUsageView> {
    return (await (await merchant(`/merchant/promotions/${id}/usage`)).json()) as PromotionUsageView;
  }
  async function checkout(card: string, extra: Record<string, unknown>, key = `uses-${driver}-${++n}`) {
    const body = checkoutBody(await t.payments.tokenize(card), [{ variantId: "mug", quantity: 1, unitPrice: PRICE }], { owner: { sessionId: `s-${n}` }, email: `s-${n}@example.com`, ...extra });
    return { key, body, res: await postCheckout(app, key, body) };
  }
  /** A payments-feed event for the order, delivered as the feed would (again and again if asked). */
  const report = (type: string, order: CheckoutResponse["order"], seq: number) =>
    db.transaction((tx) =>
      applyPaymentEvent(tx, { seq, type, subject: order.payment?.id ?? "", payload: { paymentId: order.payment?.id, orderId: order.id, amount: order.total, currency: order.currency, failureReason: "card_declined" }, createdAt: "" }),
    );

  it("gives a declined order's use back exactly once, however often the failure is delivered", async () => {
    await publishPromotion(db, promotion("promo_one", { codes: ["ONLYONE"], limits: { totalUses: 1 } }));
    const declined = await checkout(TEST_CARDS.declined, { promotionCodes: ["ONLYONE"] });
    const order = ((await declined.res.json()) as CheckoutResponse).order;
    expect(order.status).toBe("payment_failed");
    expect(await usage("promo_one")).toMatchObject({ uses: 0, usesHeld: 0, budgetSpent: { USD: 0 } });
    for (let i = 0; i < 3; i++) await report("payment.failed", order, 900 + i);
    expect((await redemptionsOf(db, order.id)).map((r) => r.status)).toEqual(["released"]);
    expect(await usage("promo_one")).toMatchObject({ uses: 0, budgetSpent: { USD: 0 } });
    // The use given back is there for the next shopper, once.
    const next = await checkout(TEST_CARDS.succeeds, { promotionCodes: ["ONLYONE"] });
    expect(next.res.status).toBe(201);
    expect(((await next.res.json()) as CheckoutResponse).order).toMatchObject({ status: "paid", discountTotal: 500 });
    const third = await checkout(TEST_CARDS.succeeds, { promotionCodes: ["ONLYONE"] });
    expect(await errorOf(third.res)).toMatchObject({ code: "PROMOTION_NOT_APPLICABLE", details: { promotions: [{ code: "ONLYONE", reason: "limit_reached" }] } });
    expect(await usage("promo_one")).toMatchObject({ uses: 1, usesHeld: 0, budgetSpent: { USD: 500 } });
  });

  it("counts a payment that needs the shopper's confirmation once, through retries, the confirmation and repeated webhooks (saleor#8219)", async () => {
    await publishPromotion(db, promotion("promo_3ds", { codes: ["SECURE"], limits: { totalUses: 10 } }));
    const first = await checkout(TEST_CARDS.requiresAction, { promotionCodes: ["SECURE"] });
    expect(first.res.status).toBe(201);
    const waiting = (await first.res.json()) as CheckoutResponse;
    expect(waiting.nextAction?.type).toBe("confirm_payment");
    expect(await usage("promo_3ds")).toMatchObject({ uses: 1, usesHeld: 1 });
    // The shopper's browser retries the same checkout while at the extra step.
    const again = await postCheckout(app, first.key, first.body);
    expect(again.status).toBe(200);
    await report("payment.requires_action", waiting.order, 950);
    const confirmed = await call(app, "POST", `/orders/${waiting.order.id}/payment-confirmation`, { action: "confirm", sessionId: first.body.owner.sessionId });
    expect(((await confirmed.json()) as CheckoutResponse).order.status).toBe("paid");
    for (let i = 0; i < 3; i++) await report("payment.succeeded", { ...waiting.order, payment: { ...(waiting.order.payment ?? { id: "" }), status: "succeeded", brand: null, last4: null, failureReason: null } }, 960 + i);
    expect(await usage("promo_3ds")).toEqual({ promotionId: "promo_3ds", uses: 1, usesHeld: 0, budgetSpent: { USD: 500 }, customers: 1 });
    expect((await redemptionsOf(db, waiting.order.id)).map((r) => r.status)).toEqual(["confirmed"]);
  });

  it("gives the use back when the shopper cancels at the extra step", async () => {
    await publishPromotion(db, promotion("promo_cancel", { codes: ["CANCELME"], limits: { totalUses: 5 } }));
    const first = await checkout(TEST_CARDS.requiresAction, { promotionCodes: ["CANCELME"] });
    const waiting = (await first.res.json()) as CheckoutResponse;
    expect(await usage("promo_cancel")).toMatchObject({ uses: 1, usesHeld: 1 });
    const cancelled = await call(app, "POST", `/orders/${waiting.order.id}/payment-confirmation`, { action: "cancel", sessionId: first.body.owner.sessionId });
    expect(((await cancelled.json()) as CheckoutResponse).order.status).toBe("cancelled");
    await report("payment.cancelled", waiting.order, 970);
    expect(await usage("promo_cancel")).toMatchObject({ uses: 0, usesHeld: 0, budgetSpent: { USD: 0 }, customers: 0 });
  });

  it("refuses with TOTAL_CHANGED, and places no order, when an automatic promotion the cart showed has run out", async () => {
    await publishPromotion(db, promotion("promo_auto_once", { activation: "automatic", limits: { totalUses: 1 } }));
    const first = await checkout(TEST_CARDS.succeeds, {});
    const placed = ((await first.res.json()) as CheckoutResponse).order;
    expect(placed.discountTotal).toBe(500);
    const expectedTotal = placed.total;
    const late = await checkout(TEST_CARDS.succeeds, { expectedTotal });
    expect(late.res.status).toBe(409);
    const error = await errorOf(late.res);
    expect(error).toMatchObject({ code: "TOTAL_CHANGED", details: { expected: expectedTotal, promotions: [{ promotionId: "promo_auto_once", reason: "limit_reached" }] } });
    const actual = (error.details as { actual: number }).actual;
    expect(actual).toBeGreaterThan(expectedTotal);
    const [none] = await db.select({ n: count() }).from(orders).where(eq(orders.idempotencyKey, late.key));
    expect(none?.n).toBe(0);
    // A shopper whose cart already shows the full price is not refused.
    const fair = await checkout(TEST_CARDS.succeeds, { expectedTotal: actual });
    expect(fair.res.status).toBe(201);
    await publishPromotion(db, promotion("promo_auto_once", { activation: "automatic", status: "archived", limits: { totalUses: 1 } }));
  });

  it("judges first-order-only promotions on the customer's paid orders, which only this service knows", async () => {
    await publishPromotion(db, promotion("promo_first", { codes: ["FIRSTTIME"], conditions: { firstOrderOnly: true } }));
    const owner = { sessionId: "first-timer", customerId: "cus_first_timer" };
    const declined = await checkout(TEST_CARDS.declined, { owner, promotionCodes: ["FIRSTTIME"] });
    expect(((await declined.res.json()) as CheckoutResponse).order.status).toBe("payment_failed");
    // A declined order was never paid: the next one is still the first.
    const first = await checkout(TEST_CARDS.succeeds, { owner, promotionCodes: ["FIRSTTIME"] });
    expect(((await first.res.json()) as CheckoutResponse).order).toMatchObject({ status: "paid", discountTotal: 500 });
    const second = await checkout(TEST_CARDS.succeeds, { owner, promotionCodes: ["FIRSTTIME"] });
    expect(await errorOf(second.res)).toMatchObject({ code: "PROMOTION_NOT_APPLICABLE", details: { promotions: [{ code: "FIRSTTIME", reason: "first_order_only" }] } });
    const guest = await checkout(TEST_CARDS.succeeds, { promotionCodes: ["FIRSTTIME"] });
    expect(await errorOf(guest.res)).toMatchObject({ details: { promotions: [{ code: "FIRSTTIME", reason: "signed_in_only" }] } });
  });

  it("lists the orders that used a promotion, a page at a time, behind the merchant token", async () => {
    await publishPromotion(db, promotion("promo_listed", { codes: ["LISTED"] }));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(((await (await checkout(TEST_CARDS.succeeds, { promotionCodes: ["LISTED"] })).res.json()) as CheckoutResponse).order.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await merchant(`/merchant/promotions/promo_listed/orders?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as PromotionOrdersResponse;
      for (const o of page.orders) expect(o).toMatchObject({ status: "paid", redemption: "confirmed", code: "LISTED", currency: "USD", discount: 500 });
      seen.push(...page.orders.map((o) => o.orderId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    expect((await app.request("/merchant/promotions/promo_listed/usage")).status).toBe(401);
    expect((await merchant("/merchant/promotions/promo_listed/usage", "not-the-merchant-token")).status).toBe(403);
    expect((await merchant("/merchant/promotions/promo_listed/orders?cursor=nonsense")).status).toBe(400);
  });
});
