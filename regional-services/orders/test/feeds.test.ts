import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedFetch } from "../../../platform/signed-fetch.ts";
import { generateCatalog, startCatalog } from "../../../scripts/test-siblings.ts";
import { loadEnv, serviceEnv } from "../../shared/env.ts";
import type { RunningService } from "../../shared/server.ts";
import { createCatalogConsumer } from "../catalog-feed.ts";
import type { CheckoutResponse, OrderResponse } from "../../../contracts/orders/api.ts";
import type { OrdersDb } from "../db.ts";
import { createPaymentsConsumer } from "../payments-feed.ts";
import { DEMO_PROMOTIONS } from "../../../domain/promotions/demo.ts";
import { consumerCursors, inventory, offers, orderStatusHistory, promotions } from "../schema.ts";
import { call, checkoutBody, eventsAbout, openBench, openTestDatabase, ordersApp, paymentsClientFor, postCheckout, stockOf, TEST_CARDS, type OrdersApp, type OrdersBench } from "./harness.ts";

/**
 * The two feeds the orders service follows, pulled over HTTP from the real catalog and payments
 * services: offers and stock from the catalog, payment outcomes from payments.
 */
const raw = loadEnv({ CATALOG_PORT: "0", HOST: "127.0.0.1", ORDERS_URL: "http://127.0.0.1:1" });
const secret = raw.SERVICE_SIGNING_SECRET;

describe("the catalog feed", () => {
  const SEED = 424_242;
  const catalog = generateCatalog({ seed: SEED, products: 6 });
  const variants = catalog.products.flatMap((p) => p.variants.map((v) => ({ ...v, product: p })));
  let service: RunningService;
  let db: OrdersDb;
  let close: () => Promise<void>;

  beforeAll(async () => {
    service = await startCatalog({ env: serviceEnv("catalog", raw), memory: true, seedProducts: 6, seed: SEED, feedIntervalMs: 60_000 });
    ({ db, close } = await openTestDatabase("pglite"));
  });
  afterAll(async () => {
    await service.close();
    await close();
  });

  it("builds an offer and a stock count for every variant the catalog seeded, and a copy of its promotions", async () => {
    const consumer = createCatalogConsumer({ db, baseUrl: service.url, secret });
    // The seed publishes a variant.upserted per variant, then a promotion.upserted per demo promotion.
    expect(await consumer.pollOnce()).toBe(variants.length + DEMO_PROMOTIONS.length);
    expect((await db.select().from(promotions)).map((p) => p.id).sort()).toEqual(DEMO_PROMOTIONS.map((p) => p.id).sort());
    const rows = await db.select().from(offers);
    expect(rows).toHaveLength(variants.length);
    const sample = variants[0];
    if (!sample) throw new Error("the seed made no variants");
    const offer = rows.find((r) => r.variantId === sample.id);
    expect(offer).toMatchObject({ productSlug: sample.product.slug, sku: sample.sku, prices: sample.prices, active: sample.product.active && sample.active });
    for (const v of variants) expect(await stockOf(db, v.id)).toBe(v.stock);
    expect(await consumer.pollOnce()).toBe(0);
  });

  it("follows a merchant's new price and stock figure", async () => {
    const target = variants[1];
    if (!target) throw new Error("the seed made too few variants");
    const patch = { variants: [{ id: target.id, prices: { USD: 12_345 }, stock: 3 }] };
    const res = await fetch(`${service.url}/merchant/products/${target.product.slug}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${raw.MERCHANT_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(patch),
    });
    expect(res.status).toBe(200);
    await createCatalogConsumer({ db, baseUrl: service.url, secret }).pollOnce();
    const [offer] = await db.select().from(offers).where(eq(offers.variantId, target.id));
    expect(offer?.prices.USD).toBe(12_345);
    expect(await stockOf(db, target.id)).toBe(3);
    const [row] = await db.select().from(inventory).where(eq(inventory.variantId, target.id));
    expect(row?.available).toBe(3);
  });
});

describe("the payments feed", () => {
  let t: OrdersBench;
  let db: OrdersDb;
  let app: OrdersApp;
  let n = 0;

  beforeAll(async () => {
    t = await openBench("pglite", [{ variantId: "lamp", price: 3000, stock: 50 }]);
    db = t.db;
    app = ordersApp(db, paymentsClientFor(t.payments.url));
  });
  afterAll(() => t.close());

  async function waitingOrder(): Promise<CheckoutResponse> {
    const token = await t.payments.tokenize(TEST_CARDS.requiresAction);
    const res = await postCheckout(app, `feed-${++n}`, checkoutBody(token, [{ variantId: "lamp", quantity: 1, unitPrice: 3000 }]));
    const body = (await res.json()) as CheckoutResponse;
    expect(body.nextAction?.type).toBe("confirm_payment");
    return body;
  }

  const atPayments = (paymentId: string, action: "confirm" | "cancel") => signedFetch(secret, t.payments.url, `/payments/${paymentId}/${action}`, { method: "POST", json: {} });

  const paidTransitions = async (orderId: string) =>
    db.select().from(orderStatusHistory).where(and(eq(orderStatusHistory.orderId, orderId), eq(orderStatusHistory.toStatus, "paid")));

  it("settles an order whose payment was confirmed elsewhere, once however often the feed is read", async () => {
    const { order, nextAction } = await waitingOrder();
    expect((await atPayments(nextAction?.paymentId ?? "", "confirm")).status).toBe(200);
    const consumer = createPaymentsConsumer({ db, baseUrl: t.payments.url, secret });
    await consumer.pollOnce();
    const after = (await (await call(app, "GET", `/orders/${order.id}?sessionId=session-1`)).json()) as OrderResponse;
    expect(after.order.status).toBe("paid");
    // Read the whole feed again from the start, as a consumer started after the cursor is reset
    // does (a running one trusts the cursor it committed): every event is a repeat now.
    await db.delete(consumerCursors);
    expect(await createPaymentsConsumer({ db, baseUrl: t.payments.url, secret }).pollOnce()).toBeGreaterThan(0);
    expect((await eventsAbout(db, order.id)).map((e) => e.type)).toEqual(["order.created", "order.paid"]);
    expect(await paidTransitions(order.id)).toHaveLength(1);
  });

  it("releases the stock of an order whose payment was cancelled at payments", async () => {
    const before = await stockOf(db, "lamp");
    const { order, nextAction } = await waitingOrder();
    expect(await stockOf(db, "lamp")).toBe((before ?? 0) - 1);
    await atPayments(nextAction?.paymentId ?? "", "cancel");
    await createPaymentsConsumer({ db, baseUrl: t.payments.url, secret }).pollOnce();
    expect(await stockOf(db, "lamp")).toBe(before);
    expect((await eventsAbout(db, order.id)).map((e) => e.type)).toEqual(["order.created", "order.cancelled"]);
  });

  it("never doubles anything when the shopper's confirmation races the feed", async () => {
    const { order } = await waitingOrder();
    const consumer = createPaymentsConsumer({ db, baseUrl: t.payments.url, secret });
    const confirm = call(app, "POST", `/orders/${order.id}/payment-confirmation`, { action: "confirm", sessionId: "session-1" });
    const polls = Array.from({ length: 5 }, async () => {
      for (let i = 0; i < 10; i++) await consumer.pollOnce();
    });
    const [res] = await Promise.all([confirm, ...polls]);
    expect(((await res.json()) as OrderResponse).order.status).toBe("paid");
    await consumer.pollOnce();
    expect((await eventsAbout(db, order.id)).map((e) => e.type)).toEqual(["order.created", "order.paid"]);
    expect(await paidTransitions(order.id)).toHaveLength(1);
  });
});
