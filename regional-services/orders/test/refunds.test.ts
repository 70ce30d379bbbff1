import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrderRefundListResponse, OrderRefundResponse } from "../../../contracts/orders/refunds.ts";
import { orderRow } from "../order-store.ts";
import { cancelPaidOrder } from "../refunds.ts";
import { applyOrderEvent } from "../transitions.ts";
import type { CheckoutResponse } from "../../../contracts/orders/api.ts";
import { availableDrivers, checkoutBody, errorOf, eventsAbout, openBench, postCheckout, stockOf, TEST_CARDS, type OrdersApp, type OrdersBench } from "./harness.ts";
import { asMerchant, FULFILMENT, historyOf, paidOrder, READ_ONLY, REFUND_LIMIT, refundOf, refundsApp, settleRefunds, TOKEN } from "./refund-fixtures.ts";

/**
 * Refunding an order: by amount or by lines, through the real payments service and its sandbox
 * provider, once per key, never past what was captured, within the actor's limit; the order moves
 * and `order.refunded` is published once per refund when the provider reports it.
 */
const [driver = "pglite"] = await availableDrivers();

describe(`order refunds (${driver})`, () => {
  let t: OrdersBench;
  let app: OrdersApp;
  let payments: ReturnType<typeof refundsApp>["payments"];

  beforeAll(async () => {
    t = await openBench(driver, [
      { variantId: "lamp", price: 8000, stock: 100 },
      { variantId: "mug", price: 1250, stock: 100 },
    ]);
    ({ app, payments } = refundsApp(t));
  });
  afterAll(() => t.close());

  const refundedEvents = async (orderId: string) => (await eventsAbout(t.db, orderId)).filter((e) => e.type === "order.refunded").map((e) => e.payload);
  const statusOf = async (orderId: string) => (await orderRow(t.db, orderId))?.status;

  it("moves a paid order to partially_refunded, then refunded, publishing order.refunded once per refund", async () => {
    const order = await paidOrder(t, app, [{ variantId: "lamp", quantity: 1, unitPrice: 8000 }]);
    const paymentId = order.payment?.id ?? "";
    const first = await refundOf(app, order.id, { amount: 1000, reason: "scratched" });
    expect(first.status).toBe(201);
    const answer = (await first.json()) as OrderRefundResponse;
    expect(answer.refund).toMatchObject({ orderId: order.id, paymentId, amount: 1000, currency: "USD", status: "pending", kind: "merchant", reason: "scratched" });
    expect(answer.order).toMatchObject({ capturedAmount: order.total, refundedAmount: 1000, refundableAmount: order.total - 1000 });
    await settleRefunds(t, payments, paymentId);
    expect(await statusOf(order.id)).toBe("partially_refunded");

    const rest = await refundOf(app, order.id, { amount: order.total - 1000 });
    expect(rest.status).toBe(201);
    await settleRefunds(t, payments, paymentId);
    // The feed read again from its start applies nothing twice.
    await settleRefunds(t, payments, paymentId);
    expect(await statusOf(order.id)).toBe("refunded");
    const second = ((await rest.json()) as OrderRefundResponse).refund.id;
    expect(await refundedEvents(order.id)).toEqual([
      { orderId: order.id, paymentId, refundId: answer.refund.id, amount: 1000, currency: "USD", refundedTotal: 1000, status: "partially_refunded", reason: "scratched" },
      { orderId: order.id, paymentId, refundId: second, amount: order.total - 1000, currency: "USD", refundedTotal: order.total, status: "refunded" },
    ]);
    expect((await historyOf(t.db, order.id)).slice(-2)).toEqual([
      { from: "paid", to: "partially_refunded", event: "partial_refund" },
      { from: "partially_refunded", to: "refunded", event: "refund" },
    ]);
    const list = (await (await asMerchant(app, "GET", `/merchant/orders/${order.id}/refunds`)).json()) as OrderRefundListResponse;
    expect(list.refunds.map((r) => [r.id, r.status])).toEqual([
      [answer.refund.id, "succeeded"],
      [second, "succeeded"],
    ]);
    expect(list.order).toMatchObject({ status: "refunded", refundedAmount: order.total, refundableAmount: 0 });
  });

  it("marks a refund the provider fails later failed, leaves the order as it was, and lets the amount be refunded again", async () => {
    const order = await paidOrder(t, app, [{ variantId: "mug", quantity: 1, unitPrice: 1250 }], TEST_CARDS.refundFails);
    const paymentId = order.payment?.id ?? "";
    const first = await refundOf(app, order.id, { amount: 1250, reason: "changed mind" });
    expect(first.status).toBe(201);
    const refundId = ((await first.json()) as OrderRefundResponse).refund.id;
    await settleRefunds(t, payments, paymentId);

    const list = (await (await asMerchant(app, "GET", `/merchant/orders/${order.id}/refunds`)).json()) as OrderRefundListResponse;
    expect(list.refunds.map((r) => [r.id, r.status])).toEqual([[refundId, "failed"]]);
    expect(list.order).toMatchObject({ status: "paid", refundedAmount: 0, refundableAmount: order.total });
    expect(await statusOf(order.id)).toBe("paid");
    expect(await refundedEvents(order.id)).toEqual([]);
    // Nothing went back, so the whole amount may be asked for again (another way, another key).
    expect((await refundOf(app, order.id, { amount: 1250 })).status).toBe(201);
  });

  it("refunds by lines what those units were paid, and remembers the units refunded", async () => {
    const order = await paidOrder(t, app, [
      { variantId: "lamp", quantity: 1, unitPrice: 8000 },
      { variantId: "mug", quantity: 3, unitPrice: 1250 },
    ]);
    const res = await refundOf(app, order.id, { lines: [{ position: 1, quantity: 2 }] });
    expect(res.status).toBe(201);
    const { refund, order: summary } = (await res.json()) as OrderRefundResponse;
    expect(refund).toMatchObject({ amount: 2500, lines: [{ position: 1, quantity: 2, amount: 2500 }] });
    expect(summary.lines.find((l) => l.position === 1)).toMatchObject({ quantity: 3, refundedQuantity: 2 });
    const tooMany = await refundOf(app, order.id, { lines: [{ position: 1, quantity: 2 }] });
    expect(tooMany.status).toBe(400);
    expect(await errorOf(tooMany)).toMatchObject({ code: "VALIDATION_FAILED", details: { issues: [{ path: "lines.0.quantity" }] } });
  });

  it("refunds a line's last unit once when two refunds for it race under different keys", async () => {
    const order = await paidOrder(t, app, [{ variantId: "mug", quantity: 1, unitPrice: 1250 }]);
    const answers = await Promise.all([refundOf(app, order.id, { lines: [{ position: 0, quantity: 1 }] }), refundOf(app, order.id, { lines: [{ position: 0, quantity: 1 }] })]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 400]);
    const refused = answers.find((r) => r.status === 400);
    expect(await errorOf(refused ?? new Response())).toMatchObject({ details: { issues: [{ path: "lines.0.quantity" }] } });
    expect((await payments.refunds(order.payment?.id ?? "")).refunds).toHaveLength(1);
  });

  it("refunds once for a double click: two concurrent requests with one key answer the same refund", async () => {
    const order = await paidOrder(t, app, [{ variantId: "mug", quantity: 2, unitPrice: 1250 }]);
    const key = crypto.randomUUID();
    const answers = await Promise.all([refundOf(app, order.id, { amount: 500 }, key), refundOf(app, order.id, { amount: 500 }, key)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 201]);
    const ids = await Promise.all(answers.map(async (r) => ((await r.json()) as OrderRefundResponse).refund.id));
    expect(new Set(ids).size).toBe(1);
    expect((await payments.refunds(order.payment?.id ?? "")).refunds).toHaveLength(1);
    const reused = await refundOf(app, order.id, { amount: 600 }, key);
    expect(reused.status).toBe(422);
  });

  it("refuses a refund over what was captured with 409 naming amount, and changes nothing", async () => {
    const order = await paidOrder(t, app, [{ variantId: "mug", quantity: 1, unitPrice: 1250 }]);
    const res = await refundOf(app, order.id, { amount: order.total + 1 });
    expect(res.status).toBe(409);
    const error = await errorOf(res);
    expect(error).toMatchObject({ code: "REFUND_EXCEEDS_CAPTURED", details: { issues: [{ path: "amount", message: `at most ${order.total}` }] } });
    expect(error.message).toMatch(/^amount: /);
    expect(await statusOf(order.id)).toBe("paid");
    expect((await payments.refunds(order.payment?.id ?? "")).refunds).toEqual([]);
    expect(await refundedEvents(order.id)).toEqual([]);
  });

  it("answers bad input with 400 naming the field, and an order that took no money with 409", async () => {
    const order = await paidOrder(t, app, [{ variantId: "mug", quantity: 1, unitPrice: 1250 }]);
    const cases: [unknown, string][] = [
      [{ amount: 100, lines: [{ position: 0, quantity: 1 }] }, "amount"],
      [{}, "amount"],
      [{ amount: -1 }, "amount"],
      [{ amount: 12.5 }, "amount"],
      [{ lines: [{ position: 9, quantity: 1 }] }, "lines.0.position"],
      [{ lines: [{ position: 0, quantity: 0 }] }, "lines.0.quantity"],
      [{ amount: 100, reason: "x".repeat(501) }, "reason"],
      [{ amount: 100, extra: true }, "extra"],
    ];
    for (const [body, field] of cases) {
      const res = await refundOf(app, order.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(await errorOf(res))).toContain(field);
    }
    const noKey = await asMerchant(app, "POST", `/merchant/orders/${order.id}/refunds`, { body: { amount: 100 } });
    expect(noKey.status).toBe(400);
    expect((await refundOf(app, "ord_doesnotexist00", { amount: 100 })).status).toBe(404);
    expect((await payments.refunds(order.payment?.id ?? "")).refunds).toEqual([]);

    const declined = await postCheckout(app, crypto.randomUUID(), checkoutBody(await t.payments.tokenize(TEST_CARDS.declined), [{ variantId: "mug", quantity: 1, unitPrice: 1250 }]));
    const { order: unpaid } = (await declined.json()) as CheckoutResponse;
    expect(unpaid.status).toBe("payment_failed");
    const refused = await refundOf(app, unpaid.id, { amount: 100 });
    expect(refused.status).toBe(409);
    expect(await errorOf(refused)).toMatchObject({ code: "ORDER_STATE_CONFLICT" });
  });

  it("holds fulfilment staff and API tokens to the refund limit and leaves the owner unlimited", async () => {
    const order = await paidOrder(t, app, [{ variantId: "lamp", quantity: 3, unitPrice: 8000 }]);
    for (const actor of [FULFILMENT, TOKEN]) {
      const over = await refundOf(app, order.id, { amount: REFUND_LIMIT + 1 }, crypto.randomUUID(), actor);
      expect(over.status).toBe(403);
      expect(await errorOf(over)).toMatchObject({ code: "REFUND_LIMIT_EXCEEDED", details: { limit: REFUND_LIMIT, issues: [{ path: "amount" }] } });
    }
    expect((await refundOf(app, order.id, { amount: REFUND_LIMIT }, crypto.randomUUID(), FULFILMENT)).status).toBe(201);
    expect((await refundOf(app, order.id, { amount: REFUND_LIMIT + 1 })).status).toBe(201);
    expect((await refundOf(app, order.id, { amount: 100 }, crypto.randomUUID(), READ_ONLY)).status).toBe(403);
    expect((await asMerchant(app, "GET", `/merchant/orders/${order.id}/refunds`, { actor: READ_ONLY })).status).toBe(200);
  });

  it("cancels a paid order: refunds what is left, ends refunded, puts its units back on sale once", async () => {
    const before = await stockOf(t.db, "mug");
    const order = await paidOrder(t, app, [{ variantId: "mug", quantity: 2, unitPrice: 1250 }]);
    expect(await stockOf(t.db, "mug")).toBe((before ?? 0) - 2);
    const deps = { db: t.db, payments, limit: REFUND_LIMIT };
    const first = await cancelPaidOrder(deps, { orderId: order.id });
    expect(first.answer.refund).toMatchObject({ amount: order.total, kind: "cancel", reason: "order cancelled" });
    const again = await cancelPaidOrder(deps, { orderId: order.id });
    expect(again).toMatchObject({ created: false, answer: { refund: { id: first.answer.refund.id } } });
    await settleRefunds(t, payments, order.payment?.id ?? "");
    await settleRefunds(t, payments, order.payment?.id ?? "");
    expect(await statusOf(order.id)).toBe("refunded");
    expect(await stockOf(t.db, "mug")).toBe(before);
    expect(await refundedEvents(order.id)).toHaveLength(1);
    const stock = (await eventsAbout(t.db, "mug")).filter((e) => e.type === "stock.changed");
    expect(stock.at(-1)?.payload).toEqual({ variantId: "mug", available: before });
  });

  it("refuses to cancel an order that shipped, or one over the actor's limit", async () => {
    const shipped = await paidOrder(t, app, [{ variantId: "mug", quantity: 1, unitPrice: 1250 }]);
    await t.db.transaction((tx) => applyOrderEvent(tx, shipped.id, "fulfil"));
    const deps = { db: t.db, payments, limit: REFUND_LIMIT };
    await expect(cancelPaidOrder(deps, { orderId: shipped.id })).rejects.toMatchObject({ code: "ORDER_STATE_CONFLICT" });
    const big = await paidOrder(t, app, [{ variantId: "lamp", quantity: 2, unitPrice: 8000 }]);
    await expect(cancelPaidOrder(deps, { orderId: big.id, actor: FULFILMENT })).rejects.toMatchObject({ code: "REFUND_LIMIT_EXCEEDED" });
    expect(await statusOf(big.id)).toBe("paid");
  });
});
