import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckoutResponse } from "../../../contracts/orders/api.ts";
import type { MerchantOrder } from "../../../contracts/orders/merchant-api.ts";
import type { OrdersDb } from "../db.ts";
import { orderRowByKey } from "../order-store.ts";
import { availableDrivers, call, checkoutBody, errorOf, eventsAbout, merchantRequest, openBench, ordersApp, paymentsClientFor, postCheckout, stockOf, TEST_CARDS, type OrdersApp, type OrdersBench } from "./harness.ts";
import { SERVICE_SECRET, settleRefunds } from "./refund-fixtures.ts";
import { httpPaymentsClient } from "../payments-client.ts";

/**
 * The merchant cancels an order still waiting for payment: its units go back on sale exactly once
 * however many cancellations race, and a payment waiting at the extra step is cancelled at
 * payments so it can no longer take money. A paid order that has not shipped is refunded whole.
 */
const drivers = await availableDrivers();
const STOCK = 20;

describe.each(drivers)("the merchant cancelling an unpaid order (%s)", (driver) => {
  let t: OrdersBench;
  let db: OrdersDb;
  let app: OrdersApp;
  let n = 0;

  beforeAll(async () => {
    t = await openBench(driver, [{ variantId: "desk", price: 9000, stock: STOCK }]);
    db = t.db;
    app = ordersApp(db, paymentsClientFor(t.payments.url), t.redis);
  }, 120_000);
  afterAll(() => t.close());

  const cancel = (id: string) => merchantRequest(app, "POST", `/merchant/orders/${id}/cancel`);
  async function order(card: string, quantity: number, through: OrdersApp = app) {
    const key = `cancel-${driver}-${++n}`;
    const res = await postCheckout(through, key, checkoutBody(await t.payments.tokenize(card), [{ variantId: "desk", quantity, unitPrice: 9000 }], { owner: { sessionId: `c-${n}` } }));
    return { key, res };
  }

  it("cancels an order at the payment's extra step once, under two cancellations at the same moment, and puts its units back once", async () => {
    const { res } = await order(TEST_CARDS.requiresAction, 4);
    const placed = ((await res.json()) as CheckoutResponse).order;
    expect(placed.status).toBe("pending_payment");
    expect(await stockOf(db, "desk")).toBe(STOCK - 4);
    const answers = await Promise.all([cancel(placed.id), cancel(placed.id)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const { order: after } = (await answers[0]?.json()) as { order: MerchantOrder };
    expect(after.status).toBe("cancelled");
    expect(after.payment?.status).toBe("cancelled");
    expect(await stockOf(db, "desk")).toBe(STOCK);
    expect((await eventsAbout(db, placed.id)).map((e) => e.type)).toEqual(["order.created", "order.cancelled"]);
    // A third, later, changes nothing either.
    expect((await cancel(placed.id)).status).toBe(200);
    expect(await stockOf(db, "desk")).toBe(STOCK);
    // The shopper can no longer confirm the payment.
    const late = await call(app, "POST", `/orders/${placed.id}/payment-confirmation`, { action: "confirm", sessionId: `c-${n}` });
    expect(late.status).toBe(409);
  });

  it("cancels an order whose checkout never reached payments", async () => {
    const down = ordersApp(db, paymentsClientFor("http://127.0.0.1:1"));
    const { key, res } = await order(TEST_CARDS.succeeds, 2, down);
    expect(res.status).toBe(503);
    const row = await orderRowByKey(db, key);
    expect(row?.status).toBe("pending_payment");
    expect(await stockOf(db, "desk")).toBe(STOCK - 2);
    const answer = await cancel(row?.id ?? "");
    expect(answer.status).toBe(200);
    const { order: after } = (await answer.json()) as { order: MerchantOrder };
    expect(after.status).toBe("cancelled");
    expect(after.history.at(-1)).toMatchObject({ fromStatus: "pending_payment", toStatus: "cancelled", event: "cancel", note: "cancelled by staff MERCHANT_TOKEN" });
    expect(await stockOf(db, "desk")).toBe(STOCK);
  });

  it("cancels a paid order that has not shipped by refunding it whole; the order ends refunded with its units back once", async () => {
    const { res } = await order(TEST_CARDS.succeeds, 1);
    const paid = ((await res.json()) as CheckoutResponse).order;
    expect(await stockOf(db, "desk")).toBe(STOCK - 1);
    const answers = await Promise.all([cancel(paid.id), cancel(paid.id)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    // The sandbox reports the refund by webhook a moment later; orders hears of it on the payments feed.
    await settleRefunds(t, httpPaymentsClient({ baseUrl: t.payments.url, secret: SERVICE_SECRET }), paid.payment?.id ?? "");
    expect((await orderRowByKey(db, paid.idempotencyKey))?.status).toBe("refunded");
    expect(await stockOf(db, "desk")).toBe(STOCK);
    const refunds = (await eventsAbout(db, paid.id)).filter((e) => e.type === "order.refunded");
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.payload).toMatchObject({ amount: paid.total, refundedTotal: paid.total, status: "refunded" });
  });

  it("refuses to cancel an order whose payment failed, and answers 404 for no such order", async () => {
    const { res } = await order(TEST_CARDS.declined, 1);
    const failed = ((await res.json()) as CheckoutResponse).order;
    expect((await cancel(failed.id)).status).toBe(409);
    expect((await cancel("ord_doesnotexist0000")).status).toBe(404);
  });
});
