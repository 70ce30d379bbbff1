import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCurrency } from "../../../domain/money.ts";
import { signedFetch } from "../../../platform/signed-fetch.ts";
import { loadEnv } from "../../shared/env.ts";
import { sweepAbandonedOrders } from "../abandoned.ts";
import type { CheckoutResponse } from "../../../contracts/orders/api.ts";
import type { OrdersDb } from "../db.ts";
import { orderRow, orderRowByKey, type OrderRow } from "../order-store.ts";
import { httpPaymentsClient, type Payment, type PaymentsClient, type PaymentsReader } from "../payments-client.ts";
import { createPaymentsConsumer } from "../payments-feed.ts";
import { consumerCursors } from "../schema.ts";
import { checkoutBody, eventsAbout, openBench, ordersApp, paymentsClientFor, postCheckout, stockOf, TEST_CARDS, type OrdersBench } from "./harness.ts";

/**
 * A payment whose outcome the orders service did not hear (the answer was lost, or it settled
 * late at the provider) must never leave a charged shopper with a cancelled order and nobody
 * told: before the sweeper cancels an order it asks payments, and a success that arrives after
 * the order was cancelled is recorded for a refund.
 */
const secret = loadEnv({}).SERVICE_SIGNING_SECRET;

describe("payments that succeed behind the orders service's back", () => {
  let t: OrdersBench;
  let db: OrdersDb;
  let payments: PaymentsClient & PaymentsReader;
  let n = 0;

  beforeAll(async () => {
    t = await openBench("pglite", [{ variantId: "chair", price: 8000, stock: 10 }]);
    db = t.db;
    payments = httpPaymentsClient({ baseUrl: t.payments.url, secret });
  });
  afterAll(() => t.close());

  const sweep = (client: PaymentsClient & Partial<PaymentsReader> = payments) => sweepAbandonedOrders({ db, payments: client }, 0, Date.now() + 1_000);

  /** An order placed while payments was unreachable: it waits for payment, with no payment id. */
  async function unansweredOrder(quantity: number): Promise<OrderRow> {
    const key = `late-${++n}`;
    const down = ordersApp(db, paymentsClientFor("http://127.0.0.1:1"));
    const res = await postCheckout(down, key, checkoutBody(await t.payments.tokenize(TEST_CARDS.succeeds), [{ variantId: "chair", quantity, unitPrice: 8000 }]));
    expect(res.status).toBe(503);
    const row = await orderRowByKey(db, key);
    if (!row) throw new Error("checkout placed no order");
    expect(row).toMatchObject({ status: "pending_payment", paymentId: null });
    return row;
  }

  /** Payments charges the order exactly as checkout asked it to, but the orders service never hears back. */
  async function chargedAtPayments(row: OrderRow): Promise<Payment> {
    if (!isCurrency(row.currency)) throw new Error(`order ${row.id} has no currency`);
    const payment = await payments.create({ orderId: row.id, amount: row.total, currency: row.currency, token: row.paymentToken });
    expect(payment.status).toBe("succeeded");
    return payment;
  }

  const current = async (id: string) => {
    const row = await orderRow(db, id);
    if (!row) throw new Error(`order ${id} vanished`);
    return row;
  };
  const eventTypes = async (id: string) => (await eventsAbout(db, id)).map((e) => e.type);

  it("marks an order paid instead of cancelling it when payments took the money", async () => {
    const before = await stockOf(db, "chair");
    const row = await unansweredOrder(2);
    const payment = await chargedAtPayments(row);
    await sweep();
    expect(await current(row.id)).toMatchObject({ status: "paid", paymentId: payment.id, paymentStatus: "succeeded", refundDueAt: null });
    expect(await stockOf(db, "chair")).toBe((before ?? 0) - 2);
    expect(await eventTypes(row.id)).toEqual(["order.created", "order.paid"]);
  });

  it("cancels nothing while payments cannot be asked, and cancels once payments confirms it never saw the order", async () => {
    const before = await stockOf(db, "chair");
    const row = await unansweredOrder(1);
    await sweep(paymentsClientFor("http://127.0.0.1:1"));
    expect((await current(row.id)).status).toBe("pending_payment");
    expect(await stockOf(db, "chair")).toBe((before ?? 0) - 1);
    await sweep();
    expect((await current(row.id)).status).toBe("cancelled");
    expect(await stockOf(db, "chair")).toBe(before);
  });

  it("takes payments' word when the payment left at the extra step was completed meanwhile", async () => {
    const app = ordersApp(db, payments);
    const res = await postCheckout(app, `late-${++n}`, checkoutBody(await t.payments.tokenize(TEST_CARDS.requiresAction), [{ variantId: "chair", quantity: 1, unitPrice: 8000 }]));
    const { order, nextAction } = (await res.json()) as CheckoutResponse;
    const confirmed = await signedFetch(secret, t.payments.url, `/payments/${nextAction?.paymentId ?? ""}/confirm`, { method: "POST", json: {} });
    expect(confirmed.status).toBe(200);
    // The payments feed has not brought the news yet: the sweeper's cancellation is refused.
    await sweep({ ...payments, events: () => Promise.resolve([]) });
    expect(await current(order.id)).toMatchObject({ status: "paid", paymentStatus: "succeeded" });
    expect(await eventTypes(order.id)).toEqual(["order.created", "order.paid"]);
  });

  it("records a success that arrives after the order was cancelled for a refund, once, and keeps the order cancelled", async () => {
    const before = await stockOf(db, "chair");
    const row = await unansweredOrder(1);
    await sweep();
    expect((await current(row.id)).status).toBe("cancelled");
    const payment = await chargedAtPayments(row);

    const feed = createPaymentsConsumer({ db, baseUrl: t.payments.url, secret });
    await feed.pollOnce();
    const after = await current(row.id);
    expect(after).toMatchObject({ status: "cancelled", paymentId: payment.id, paymentStatus: "succeeded" });
    expect(after.refundDueAt).toBeInstanceOf(Date);
    expect(await stockOf(db, "chair")).toBe(before);
    const refund = { type: "order.payment_needs_refund", payload: { orderId: row.id, paymentId: payment.id, amount: row.total, currency: "USD" } };
    expect(await eventsAbout(db, row.id)).toEqual([expect.objectContaining({ type: "order.created" }), expect.objectContaining({ type: "order.cancelled" }), refund]);

    // The whole feed read again from the start (by a consumer started after the reset: a running
    // one trusts the cursor it committed): the refund is still asked for once.
    await db.delete(consumerCursors);
    expect(await createPaymentsConsumer({ db, baseUrl: t.payments.url, secret }).pollOnce()).toBeGreaterThan(0);
    expect(await eventTypes(row.id)).toEqual(["order.created", "order.cancelled", "order.payment_needs_refund"]);
  });
});
