import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCurrency } from "../../../domain/money.ts";
import type { OrderResponse } from "../../../contracts/orders/api.ts";
import type { OrderRefundListResponse } from "../../../contracts/orders/refunds.ts";
import { orderRow, orderRowByKey } from "../order-store.ts";
import { refundOwedPayments } from "../owed-refunds.ts";
import { createPaymentsConsumer } from "../payments-feed.ts";
import { applyOrderEvent } from "../transitions.ts";
import { availableDrivers, call, checkoutBody, eventsAbout, openBench, ordersApp, paymentsClientFor, postCheckout, TEST_CARDS, type OrdersApp, type OrdersBench } from "./harness.ts";
import { asMerchant, paidOrder, refundOf, refundsApp, SERVICE_SECRET, settleRefunds } from "./refund-fixtures.ts";

/**
 * A payment that succeeded after its order had ended unpaid (`order.payment_needs_refund`) is
 * refunded automatically, once, however many passes run; and the shopper sees refunds on their
 * order.
 */
const [driver = "pglite"] = await availableDrivers();

describe(`payments owed back, and the shopper's view of refunds (${driver})`, () => {
  let t: OrdersBench;
  let app: OrdersApp;
  let payments: ReturnType<typeof refundsApp>["payments"];

  beforeAll(async () => {
    t = await openBench(driver, [{ variantId: "chair", price: 8000, stock: 10 }]);
    ({ app, payments } = refundsApp(t));
  });
  afterAll(() => t.close());

  /** A cancelled order whose payment went through afterwards with `card`: a payment owed back. */
  async function owedPayment(card: string) {
    // Checkout could not reach payments: the order waits for payment with no payment id; it is cancelled.
    const key = `owed-${crypto.randomUUID()}`;
    const down = ordersApp(t.db, paymentsClientFor("http://127.0.0.1:1"));
    expect((await postCheckout(down, key, checkoutBody(await t.payments.tokenize(card), [{ variantId: "chair", quantity: 1, unitPrice: 8000 }]))).status).toBe(503);
    const row = await orderRowByKey(t.db, key);
    if (!row || !isCurrency(row.currency)) throw new Error("checkout placed no order");
    await t.db.transaction((tx) => applyOrderEvent(tx, row.id, "cancel", "abandoned before payment"));
    // ...and then the charge went through at payments after all.
    const payment = await payments.create({ orderId: row.id, amount: row.total, currency: row.currency, token: row.paymentToken });
    await createPaymentsConsumer({ db: t.db, baseUrl: t.payments.url, secret: SERVICE_SECRET }).pollOnce();
    expect((await orderRow(t.db, row.id))?.refundDueAt).toBeInstanceOf(Date);
    return { row, payment };
  }

  it("refunds a payment taken after the order was cancelled, once, and keeps the order cancelled", async () => {
    const { row, payment } = await owedPayment(TEST_CARDS.succeeds);

    const passes = await Promise.all([refundOwedPayments(t.db, payments), refundOwedPayments(t.db, payments)]);
    expect(passes.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    expect(await refundOwedPayments(t.db, payments)).toBe(0);
    await settleRefunds(t, payments, payment.id);

    const books = await payments.refunds(payment.id);
    expect(books.refunds.map((r) => [r.amount, r.status])).toEqual([[row.total, "succeeded"]]);
    expect((await orderRow(t.db, row.id))?.status).toBe("cancelled");
    const refunded = (await eventsAbout(t.db, row.id)).filter((e) => e.type === "order.refunded");
    expect(refunded.map((e) => e.payload)).toEqual([expect.objectContaining({ orderId: row.id, paymentId: payment.id, amount: row.total, refundedTotal: row.total, status: "cancelled" })]);
    expect(await refundOwedPayments(t.db, payments)).toBe(0);
  });

  it("leaves an owed refund the provider failed to the merchant instead of asking for it again", async () => {
    const { row, payment } = await owedPayment(TEST_CARDS.refundFails);
    expect(await refundOwedPayments(t.db, payments)).toBe(1);
    await settleRefunds(t, payments, payment.id);

    expect((await payments.refunds(payment.id)).refunds.map((r) => [r.amount, r.status])).toEqual([[row.total, "failed"]]);
    const merchantView = (await (await asMerchant(app, "GET", `/merchant/orders/${row.id}/refunds`)).json()) as OrderRefundListResponse;
    expect(merchantView.refunds.map((r) => [r.kind, r.status])).toEqual([["owed", "failed"]]);
    expect(await refundOwedPayments(t.db, payments)).toBe(0);
    expect((await payments.refunds(payment.id)).refunds).toHaveLength(1);
  });

  it("shows the shopper their order's refunds, with the amount, date and reason, and the total refunded", async () => {
    const order = await paidOrder(t, app, [{ variantId: "chair", quantity: 1, unitPrice: 8000 }]);
    expect((await refundOf(app, order.id, { amount: 1200, reason: "late delivery" })).status).toBe(201);
    await settleRefunds(t, payments, order.payment?.id ?? "");
    const res = await call(app, "GET", `/orders/${order.id}?sessionId=session-1`);
    expect(res.status).toBe(200);
    const { order: seen } = (await res.json()) as OrderResponse;
    expect(seen).toMatchObject({ status: "partially_refunded", refundedTotal: 1200, refunds: [{ amount: 1200, currency: "USD", status: "succeeded", reason: "late delivery" }] });
    expect(Date.parse(seen.refunds?.[0]?.createdAt ?? "")).toBeGreaterThan(Date.now() - 60_000);
  });
});
