import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckoutResponse, Order } from "../../../contracts/orders/api.ts";
import type { DailyReport, MerchantOrder, MerchantOrderList } from "../../../contracts/orders/merchant-api.ts";
import type { OrdersDb } from "../db.ts";
import { availableDrivers, checkoutBody, errorOf, merchantRequest, openBench, ordersApp, paymentsClientFor, postCheckout, TEST_CARDS, type OrdersApp, type OrdersBench } from "./harness.ts";

/**
 * Finding orders: the merchant's list filters by status, day, customer and total, searches by
 * order id or email, newest first a page at a time, and refuses a bad filter with a 400 naming it.
 * One order reads in full: lines, promotions, payment, status history and events.
 */
const drivers = await availableDrivers();
const MUG = 1500;
const LAMP = 4000;

describe.each(drivers)("the merchant's order list and order page (%s)", (driver) => {
  let t: OrdersBench;
  let db: OrdersDb;
  let app: OrdersApp;
  let n = 0;
  const placed: Record<string, Order> = {};

  const merchant = (path: string) => merchantRequest(app, "GET", path);
  async function list(query: string): Promise<MerchantOrderList> {
    const res = await merchant(`/merchant/orders?${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as MerchantOrderList;
  }
  const ids = async (query: string) => (await list(query)).orders.map((o) => o.id);
  async function checkout(card: string, email: string, lines: { variantId: string; quantity: number; unitPrice: number }[], extra: Record<string, unknown> = {}) {
    const body = checkoutBody(await t.payments.tokenize(card), lines, { owner: { sessionId: `list-${++n}` }, email, ...extra });
    const res = await postCheckout(app, `list-${driver}-${n}`, body);
    return ((await res.json()) as CheckoutResponse).order;
  }

  beforeAll(async () => {
    t = await openBench(driver, [
      { variantId: "mug", price: MUG, stock: 100 },
      { variantId: "lamp", price: LAMP, stock: 100 },
    ]);
    db = t.db;
    app = ordersApp(db, paymentsClientFor(t.payments.url), t.redis);
    // Oldest first, so the list (newest first) shows them in reverse.
    placed.ada = await checkout(TEST_CARDS.succeeds, "Ada@Example.com", [{ variantId: "mug", quantity: 1, unitPrice: MUG }], { owner: { sessionId: "s-ada", customerId: "cus_ada" } });
    placed.grace = await checkout(TEST_CARDS.succeeds, "grace@navy.example", [{ variantId: "lamp", quantity: 2, unitPrice: LAMP }], { promotionCodes: ["WELCOME10"] });
    placed.declined = await checkout(TEST_CARDS.declined, "linus@example.org", [{ variantId: "mug", quantity: 3, unitPrice: MUG }]);
    placed.waiting = await checkout(TEST_CARDS.requiresAction, "ada.two@example.com", [{ variantId: "lamp", quantity: 1, unitPrice: LAMP }], { currency: "EUR" });
  }, 120_000);
  afterAll(() => t.close());

  it("lists every order newest first", async () => {
    expect(await ids("")).toEqual([placed.waiting?.id, placed.declined?.id, placed.grace?.id, placed.ada?.id]);
    const [first] = (await list("limit=1")).orders;
    expect(first).toEqual({
      id: placed.waiting?.id,
      status: "pending_payment",
      email: "ada.two@example.com",
      customerId: null,
      currency: "EUR",
      total: placed.waiting?.total,
      itemCount: 1,
      paymentStatus: "requires_action",
      createdAt: placed.waiting?.createdAt,
    });
  });

  it("filters by one status or several, repeated or comma-separated", async () => {
    expect(await ids("status=paid")).toEqual([placed.grace?.id, placed.ada?.id]);
    expect(await ids("status=payment_failed&status=pending_payment")).toEqual([placed.waiting?.id, placed.declined?.id]);
    expect(await ids("status=payment_failed,pending_payment")).toEqual([placed.waiting?.id, placed.declined?.id]);
  });

  it("filters by customer id or email (any case), and by total in a currency", async () => {
    expect(await ids("customer=cus_ada")).toEqual([placed.ada?.id]);
    expect(await ids("customer=ADA@example.com")).toEqual([placed.ada?.id]);
    // Totals are what was charged (shipping and tax included), compared in the currency named.
    const ada = placed.ada?.total ?? 0;
    expect(await ids(`currency=USD&minTotal=${ada + 1}`)).toEqual([placed.declined?.id, placed.grace?.id]);
    expect(await ids(`currency=USD&minTotal=${ada}&maxTotal=${ada}`)).toEqual([placed.ada?.id]);
    expect(await ids("currency=EUR")).toEqual([placed.waiting?.id]);
  });

  it("filters by the day placed (UTC)", async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect(await ids(`from=${today}&to=${today}`)).toHaveLength(4);
    expect(await ids("to=2020-01-01")).toEqual([]);
    expect(await ids("from=2999-01-01")).toEqual([]);
  });

  it("searches by order id, its beginning, the order number a shopper quotes, or part of the email", async () => {
    const id = placed.grace?.id ?? "";
    expect(await ids(`q=${id}`)).toEqual([id]);
    expect(await ids(`q=${id.slice(0, 12).toUpperCase()}`)).toContain(id);
    expect(await ids(`q=${id.slice(-8).toUpperCase()}`)).toEqual([id]);
    expect(await ids("q=ADA")).toEqual([placed.waiting?.id, placed.ada?.id]);
    expect(await ids("q=navy.example")).toEqual([id]);
    expect(await ids("q=nobody-like-this")).toEqual([]);
  });

  it("pages through with a cursor, each order once, with the filters kept", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: MerchantOrderList = await list(`limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.orders.map((o) => o.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(await ids(""));
    const paid = await list("status=paid&limit=1");
    expect(paid.orders.map((o) => o.id)).toEqual([placed.grace?.id]);
    expect((await list(`status=paid&limit=1&cursor=${paid.nextCursor}`)).orders.map((o) => o.id)).toEqual([placed.ada?.id]);
  });

  it.each([
    ["status=shipped", "status"],
    ["from=2026-02-30", "from"],
    ["to=yesterday", "to"],
    ["from=2026-12-03&to=2026-12-01", "to"],
    ["minTotal=100", "currency"],
    ["currency=USD&minTotal=-1", "minTotal"],
    ["currency=USD&minTotal=500&maxTotal=100", "maxTotal"],
    ["currency=YEN", "currency"],
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["cursor=not-a-cursor", "cursor"],
    [`q=${"x".repeat(201)}`, "q"],
  ])("refuses %s with a 400 naming %s", async (query, field) => {
    const res = await merchant(`/merchant/orders?${query}`);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("VALIDATION_FAILED");
    expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(field);
  });

  it("reads one order in full: positions, promotions, payment, history and events", async () => {
    const res = await merchant(`/merchant/orders/${placed.grace?.id}`);
    expect(res.status).toBe(200);
    const { order } = (await res.json()) as { order: MerchantOrder };
    expect(order).toMatchObject({
      id: placed.grace?.id,
      status: "paid",
      email: "grace@navy.example",
      customerId: null,
      lines: [{ position: 0, variantId: "lamp", quantity: 2, shipped: 0 }],
      promotions: [{ code: "WELCOME10" }],
      payment: { status: "succeeded", brand: "visa", last4: "4242", failureReason: null },
      fulfilments: [],
    });
    expect(order.history.map((h) => [h.fromStatus, h.toStatus])).toEqual([
      [null, "pending_payment"],
      ["pending_payment", "paid"],
    ]);
    expect(order.events.map((e) => e.type)).toEqual(["order.created", "order.paid"]);
  });

  it("shows a declined payment's reason on the order", async () => {
    const { order } = (await (await merchant(`/merchant/orders/${placed.declined?.id}`)).json()) as { order: MerchantOrder };
    expect(order.payment).toMatchObject({ status: "failed", failureReason: expect.any(String) });
  });

  it("answers 404 for an unknown order and 400 for what is not an order id", async () => {
    expect((await merchant("/merchant/orders/ord_doesnotexist0000")).status).toBe(404);
    const bad = await merchant("/merchant/orders/not-an-id");
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatchObject({ code: "VALIDATION_FAILED", details: { issues: [{ path: "id" }] } });
  });

  it("refuses the list without a merchant's credentials", async () => {
    expect((await app.request("/merchant/orders")).status).toBe(401);
    expect((await app.request("/merchant/orders", { headers: { authorization: "Bearer wrong" } })).status).toBe(403);
  });

  it("counts a day's sold orders and revenue per currency, and those awaiting payment", async () => {
    const report = async () => (await (await merchant("/merchant/reports/daily")).json()) as DailyReport;
    const before = await report();
    expect(before.date).toBe(new Date().toISOString().slice(0, 10));
    const sold = await checkout(TEST_CARDS.succeeds, "report@example.com", [{ variantId: "mug", quantity: 2, unitPrice: MUG }]);
    await checkout(TEST_CARDS.declined, "report@example.com", [{ variantId: "mug", quantity: 1, unitPrice: MUG }]);
    await checkout(TEST_CARDS.requiresAction, "report@example.com", [{ variantId: "mug", quantity: 1, unitPrice: MUG }]);
    const after = await report();
    expect(after.orders).toBe(before.orders + 1);
    expect(after.revenue.USD).toBe((before.revenue.USD ?? 0) + sold.total);
    expect(after.awaitingPayment).toBe(before.awaitingPayment + 1);
    expect(await (await merchant("/merchant/reports/daily?date=2020-01-01")).json()).toEqual({ date: "2020-01-01", orders: 0, revenue: {}, awaitingPayment: 0 });
    expect((await merchant("/merchant/reports/daily?date=2020-13-01")).status).toBe(400);
  });
});
