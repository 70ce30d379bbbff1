import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckoutResponse, Order } from "../../../contracts/orders/api.ts";
import type { MerchantOrder } from "../../../contracts/orders/merchant-api.ts";
import type { OrdersDb } from "../db.ts";
import { orders } from "../schema.ts";
import { availableDrivers, call, checkoutBody, errorOf, eventsAbout, merchantRequest, openBench, ordersApp, paymentsClientFor, postCheckout, TEST_CARDS, type OrdersApp, type OrdersBench } from "./harness.ts";

/**
 * Shipping an order: in parts by line, each shipment published once; the order is `fulfilled`
 * only when every unit has gone, then `delivered`. More than is left, an unpaid or a cancelled
 * order is refused and changes nothing; a double submit under one Idempotency-Key ships once.
 */
const drivers = await availableDrivers();

describe.each(drivers)("fulfilling and delivering orders (%s)", (driver) => {
  let t: OrdersBench;
  let db: OrdersDb;
  let app: OrdersApp;
  let n = 0;

  beforeAll(async () => {
    t = await openBench(driver, [
      { variantId: "mug", price: 1500, stock: 100 },
      { variantId: "lamp", price: 4000, stock: 100 },
    ]);
    db = t.db;
    app = ordersApp(db, paymentsClientFor(t.payments.url), t.redis);
  }, 120_000);
  afterAll(() => t.close());

  const post = (path: string, body?: unknown, headers: Record<string, string> = {}) => merchantRequest(app, "POST", path, body, headers);
  const read = async (id: string) => ((await (await merchantRequest(app, "GET", `/merchant/orders/${id}`)).json()) as { order: MerchantOrder }).order;
  const eventTypes = async (id: string) => (await eventsAbout(db, id)).map((e) => e.type);
  async function paidOrder(card: string = TEST_CARDS.succeeds): Promise<Order> {
    const lines = [
      { variantId: "mug", quantity: 3, unitPrice: 1500 },
      { variantId: "lamp", quantity: 1, unitPrice: 4000 },
    ];
    const res = await postCheckout(app, `ship-${driver}-${++n}`, checkoutBody(await t.payments.tokenize(card), lines, { owner: { sessionId: `ship-${n}` } }));
    return ((await res.json()) as CheckoutResponse).order;
  }

  it("ships part of an order, then the rest, and only then calls it fulfilled", async () => {
    const order = await paidOrder();
    const first = await post(`/merchant/orders/${order.id}/fulfilments`, { carrier: "DHL", trackingNumber: "JD0001", lines: [{ position: 0, quantity: 2 }] });
    expect(first.status).toBe(201);
    const partial = (await first.json()) as { fulfilment: MerchantOrder["fulfilments"][number]; order: MerchantOrder };
    expect(partial.fulfilment).toMatchObject({ carrier: "DHL", trackingNumber: "JD0001", lines: [{ position: 0, quantity: 2, sku: "SKU-mug" }], deliveredAt: null });
    expect(partial.order.status).toBe("paid");
    expect(partial.order.lines.map((l) => [l.position, l.shipped])).toEqual([
      [0, 2],
      [1, 0],
    ]);

    const rest = await post(`/merchant/orders/${order.id}/fulfilments`, { carrier: "UPS", trackingNumber: "1Z999" });
    expect(rest.status).toBe(201);
    const done = (await rest.json()) as { order: MerchantOrder };
    expect(done.order.status).toBe("fulfilled");
    expect(done.order.fulfilments.map((f) => [f.carrier, f.lines.map((l) => [l.position, l.quantity])])).toEqual([
      ["DHL", [[0, 2]]],
      [
        "UPS",
        [
          [0, 1],
          [1, 1],
        ],
      ],
    ]);
    const events = (await eventsAbout(db, order.id)).filter((e) => e.type === "order.fulfilled");
    expect(events.map((e) => (e.payload as { complete: boolean }).complete)).toEqual([false, true]);
    expect(events[1]?.payload).toMatchObject({ lines: [{ position: 0, variantId: "mug", quantity: 1 }, { position: 1, variantId: "lamp", quantity: 1 }] });
    expect(done.order.history.slice(-2).map((h) => [h.fromStatus, h.toStatus, h.event])).toEqual([
      ["paid", "paid", "fulfil"],
      ["paid", "fulfilled", "fulfil"],
    ]);

    const again = await post(`/merchant/orders/${order.id}/fulfilments`, { carrier: "UPS", trackingNumber: "1Z999" });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe("ORDER_STATE_CONFLICT");
  });

  it("refuses more than is left of a line with a 400 naming it, and ships nothing", async () => {
    const order = await paidOrder();
    await post(`/merchant/orders/${order.id}/fulfilments`, { carrier: "DHL", trackingNumber: "A1", lines: [{ position: 0, quantity: 2 }] });
    const over = await post(`/merchant/orders/${order.id}/fulfilments`, {
      carrier: "DHL",
      trackingNumber: "A2",
      lines: [
        { position: 1, quantity: 1 },
        { position: 0, quantity: 2 },
      ],
    });
    expect(over.status).toBe(400);
    expect(await errorOf(over)).toMatchObject({ code: "VALIDATION_FAILED", details: { issues: [{ path: "lines.1.quantity", message: "only 1 of line 0 is left to ship" }] } });
    const unknownLine = await post(`/merchant/orders/${order.id}/fulfilments`, { carrier: "DHL", trackingNumber: "A3", lines: [{ position: 9, quantity: 1 }] });
    expect(await errorOf(unknownLine)).toMatchObject({ details: { issues: [{ path: "lines.0.position" }] } });
    const after = await read(order.id);
    expect(after.fulfilments).toHaveLength(1);
    expect(after.status).toBe("paid");
  });

  it.each([
    [{ trackingNumber: "X" }, "carrier"],
    [{ carrier: "  ", trackingNumber: "X" }, "carrier"],
    [{ carrier: "DHL" }, "trackingNumber"],
    [{ carrier: "DHL", trackingNumber: "X", lines: [] }, "lines"],
    [{ carrier: "DHL", trackingNumber: "X", lines: [{ position: 0, quantity: 0 }] }, "lines.0.quantity"],
    [{ carrier: "DHL", trackingNumber: "X", lines: [{ position: -1, quantity: 1 }] }, "lines.0.position"],
  ])("refuses the body %j with a 400 naming %s", async (body, field) => {
    const order = await paidOrder();
    const res = await post(`/merchant/orders/${order.id}/fulfilments`, body);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details).toMatchObject({ issues: expect.arrayContaining([expect.objectContaining({ path: field })]) });
    expect((await read(order.id)).fulfilments).toEqual([]);
  });

  it("ships once for a double submit under one Idempotency-Key, and refuses the key for another shipment", async () => {
    const order = await paidOrder();
    const body = { carrier: "DHL", trackingNumber: "KEYED", lines: [{ position: 0, quantity: 1 }] };
    const [a, b] = await Promise.all([
      post(`/merchant/orders/${order.id}/fulfilments`, body, { "idempotency-key": "ship-once" }),
      post(`/merchant/orders/${order.id}/fulfilments`, body, { "idempotency-key": "ship-once" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const ids = [((await a.json()) as { fulfilment: { id: string } }).fulfilment.id, ((await b.json()) as { fulfilment: { id: string } }).fulfilment.id];
    expect(ids[0]).toBe(ids[1]);
    expect((await eventTypes(order.id)).filter((type) => type === "order.fulfilled")).toHaveLength(1);
    const other = await post(`/merchant/orders/${order.id}/fulfilments`, { ...body, trackingNumber: "OTHER" }, { "idempotency-key": "ship-once" });
    expect(other.status).toBe(422);
    expect((await read(order.id)).lines[0]?.shipped).toBe(1);
  });

  it("ships everything once when two shipments of everything race, refusing the second", async () => {
    const order = await paidOrder();
    const answers = await Promise.all([
      post(`/merchant/orders/${order.id}/fulfilments`, { carrier: "DHL", trackingNumber: "RACE-1" }),
      post(`/merchant/orders/${order.id}/fulfilments`, { carrier: "DHL", trackingNumber: "RACE-2" }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const after = await read(order.id);
    expect(after.fulfilments).toHaveLength(1);
    expect(after.lines.map((l) => l.shipped)).toEqual([3, 1]);
    expect((await eventTypes(order.id)).filter((type) => type === "order.fulfilled")).toHaveLength(1);
  });

  it("refuses to ship an order that is not paid, or was cancelled", async () => {
    const waiting = await paidOrder(TEST_CARDS.requiresAction);
    const unpaid = await post(`/merchant/orders/${waiting.id}/fulfilments`, { carrier: "DHL", trackingNumber: "X" });
    expect(unpaid.status).toBe(409);
    expect(await errorOf(unpaid)).toMatchObject({ code: "ORDER_STATE_CONFLICT", message: expect.stringMatching(/pending payment/) });
    expect((await post(`/merchant/orders/${waiting.id}/cancel`)).status).toBe(200);
    const cancelled = await post(`/merchant/orders/${waiting.id}/fulfilments`, { carrier: "DHL", trackingNumber: "X" });
    expect(cancelled.status).toBe(409);
    expect((await read(waiting.id)).fulfilments).toEqual([]);
  });

  it("delivers a shipped order once; before it has all shipped, it refuses", async () => {
    const order = await paidOrder();
    const early = await post(`/merchant/orders/${order.id}/deliver`);
    expect(early.status).toBe(409);
    await post(`/merchant/orders/${order.id}/fulfilments`, { carrier: "DHL", trackingNumber: "D1", lines: [{ position: 0, quantity: 3 }] });
    expect((await post(`/merchant/orders/${order.id}/deliver`)).status).toBe(409);
    await post(`/merchant/orders/${order.id}/fulfilments`, { carrier: "DHL", trackingNumber: "D2" });
    const delivered = await post(`/merchant/orders/${order.id}/deliver`);
    expect(delivered.status).toBe(200);
    const { order: after } = (await delivered.json()) as { order: MerchantOrder };
    expect(after.status).toBe("delivered");
    expect(after.fulfilments.every((f) => f.deliveredAt !== null)).toBe(true);
    const repeat = await post(`/merchant/orders/${order.id}/deliver`);
    expect(repeat.status).toBe(200);
    expect((await eventTypes(order.id)).filter((type) => type === "order.delivered")).toHaveLength(1);
    expect((await eventsAbout(db, order.id)).find((e) => e.type === "order.delivered")?.payload).toMatchObject({ status: "delivered", previousStatus: "fulfilled" });
  });

  it("still ships and delivers the rest of an order after a partial refund", async () => {
    const order = await paidOrder();
    await post(`/merchant/orders/${order.id}/fulfilments`, { carrier: "DHL", trackingNumber: "R1", lines: [{ position: 1, quantity: 1 }] });
    // As the refunds part leaves an order after giving back the price of one damaged mug.
    await db.update(orders).set({ status: "partially_refunded" }).where(eq(orders.id, order.id));
    const rest = await post(`/merchant/orders/${order.id}/fulfilments`, { carrier: "DHL", trackingNumber: "R2" });
    expect(rest.status).toBe(201);
    expect(((await rest.json()) as { order: MerchantOrder }).order.status).toBe("fulfilled");
    expect((await post(`/merchant/orders/${order.id}/deliver`)).status).toBe(200);
    expect((await read(order.id)).status).toBe("delivered");
  });

  it("shows the shopper each shipment on their order: carrier, tracking, lines, and when it was delivered", async () => {
    const order = await paidOrder();
    const owner = `ship-${n}`;
    const mine = async () => ((await (await call(app, "GET", `/orders/${order.id}?sessionId=${owner}`)).json()) as { order: Order }).order;
    expect((await mine()).shipments).toEqual([]);
    await post(`/merchant/orders/${order.id}/fulfilments`, { carrier: "DHL", trackingNumber: "TRACK-1" });
    await post(`/merchant/orders/${order.id}/deliver`);
    const [shipment] = (await mine()).shipments ?? [];
    expect(shipment).toMatchObject({
      carrier: "DHL",
      trackingNumber: "TRACK-1",
      lines: [
        { position: 0, title: "Product mug", quantity: 3 },
        { position: 1, title: "Product lamp", quantity: 1 },
      ],
      deliveredAt: expect.any(String),
    });
  });

  it("answers 404 for an unknown order and refuses a reader without orders:write", async () => {
    expect((await post("/merchant/orders/ord_doesnotexist0000/fulfilments", { carrier: "DHL", trackingNumber: "X" })).status).toBe(404);
    expect((await post("/merchant/orders/ord_doesnotexist0000/deliver")).status).toBe(404);
    expect((await app.request("/merchant/orders/ord_doesnotexist0000/deliver", { method: "POST" })).status).toBe(401);
  });
});
