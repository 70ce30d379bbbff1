import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckoutResponse } from "../../../contracts/orders/api.ts";
import { signedFetch } from "../../../platform/signed-fetch.ts";
import { priceOrder } from "../../../domain/checkout.ts";
import { startCustomers } from "../../../scripts/test-siblings.ts";
import { loadEnv, serviceEnv } from "../../shared/env.ts";
import type { RunningService } from "../../shared/server.ts";
import { redisTestPrefix, TEST_REDIS_URL } from "../../shared/testing.ts";
import { startUpstashBridge } from "../../upstash-bridge/server.ts";
import { createCustomersConsumer } from "../customers-feed.ts";
import type { OrdersDb } from "../db.ts";
import { ADDRESS, availableDrivers, checkoutBody, errorOf, openBench, ordersApp, paymentsClientFor, postCheckout, TEST_CARDS, type OrdersApp, type OrdersBench } from "./harness.ts";
import { promotion, publishPromotion } from "./promotions-fixtures.ts";

/**
 * The customer conditions of promotions, decided by the orders service: tags come from its
 * replica of the customers service's (fed by the real customers service's feed), "first order
 * only" from its own orders. The cart's preview may be stale; checkout's answer is the one that counts.
 */
const drivers = await availableDrivers();
const PRICE = 4000;
const raw = loadEnv({ HOST: "127.0.0.1", CUSTOMERS_PORT: "0" });

describe.each(drivers)("customer conditions at checkout (%s)", (driver) => {
  let t: OrdersBench;
  let db: OrdersDb;
  let app: OrdersApp;
  let customers: RunningService;
  let closeBridge: () => Promise<void>;
  let paid: string;
  let n = 0;

  beforeAll(async () => {
    t = await openBench(driver, [{ variantId: "lamp", price: PRICE, stock: 1000 }]);
    db = t.db;
    app = ordersApp(db, paymentsClientFor(t.payments.url), t.redis);
    const bridge = await startUpstashBridge({ port: 0, token: "tags-test-token", redisUrl: TEST_REDIS_URL });
    closeBridge = () => bridge.close();
    customers = await startCustomers({
      env: serviceEnv("customers", loadEnv({ HOST: "127.0.0.1", CUSTOMERS_PORT: "0", UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: "tags-test-token" })),
      memory: true,
      redisPrefix: redisTestPrefix(),
    });
    paid = await t.payments.tokenize(TEST_CARDS.succeeds);
  }, 120_000);
  afterAll(async () => {
    await customers.close();
    await closeBridge();
    await t.close();
  });

  const edge = (path: string, json?: unknown) => signedFetch(raw.EDGE_SIGNING_SECRET, customers.url, path, json === undefined ? {} : { json });
  /** An account made as a shopper makes one: sign-up, then the emailed link. */
  async function account(label: string): Promise<string> {
    const email = `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;
    expect((await edge("/customers/signup", { email, password: "correct horse" })).status).toBe(202);
    const { messages } = (await (await edge(`/internal/messages?to=${encodeURIComponent(email)}`)).json()) as { messages: { link: string | null }[] };
    const token = new URL(messages[0]?.link ?? "", "http://x").searchParams.get("token");
    const done = await edge("/customers/signup/complete", { token });
    expect(done.status).toBe(201);
    return ((await done.json()) as { customer: { id: string } }).customer.id;
  }
  async function tag(customerId: string, tags: string[]): Promise<void> {
    const res = await fetch(`${customers.url}/merchant/customers/${customerId}/tags`, {
      method: "PUT",
      headers: { authorization: `Bearer ${raw.MERCHANT_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ tags }),
    });
    expect(res.status).toBe(200);
  }
  /** The orders service follows the customers feed (service.ts polls it; here, on demand). */
  const follow = () => createCustomersConsumer({ db, baseUrl: customers.url, secret: raw.SERVICE_SIGNING_SECRET }).pollOnce();
  const checkout = (customerId: string | undefined, extra: Record<string, unknown> = {}, token = paid) =>
    postCheckout(app, `conditions-${driver}-${++n}`, checkoutBody(token, [{ variantId: "lamp", quantity: 1, unitPrice: PRICE }], { owner: { sessionId: `s-${n}`, ...(customerId ? { customerId } : {}) }, email: `c-${n}@example.com`, ...extra }));
  const order = async (res: Response) => {
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as CheckoutResponse).order;
  };

  it("gives a tag-limited code to a tagged customer and not to another, once the tag has reached orders", async () => {
    // Tags are compared normalised: "VIP" on the promotion is the account's "vip".
    await publishPromotion(db, promotion("promo_vip", { codes: ["VIPONLY"], conditions: { customerTags: ["VIP"] } }));
    const [vip, other] = await Promise.all([account("vip"), account("other")]);
    await tag(vip, ["vip"]);
    // Before orders has followed the feed, the customer has no tags here.
    expect(await errorOf(await checkout(vip, { promotionCodes: ["VIPONLY"] }))).toMatchObject({ code: "PROMOTION_NOT_APPLICABLE", details: { promotions: [{ code: "VIPONLY", reason: "customer_not_eligible" }] } });
    expect(await follow()).toBeGreaterThanOrEqual(1);
    expect(await order(await checkout(vip, { promotionCodes: ["VIPONLY"] }))).toMatchObject({ discountTotal: 500, status: "paid" });
    expect(await errorOf(await checkout(other, { promotionCodes: ["VIPONLY"] }))).toMatchObject({ code: "PROMOTION_NOT_APPLICABLE", details: { promotions: [{ code: "VIPONLY", reason: "customer_not_eligible" }] } });
    expect(await errorOf(await checkout(undefined, { promotionCodes: ["VIPONLY"] }))).toMatchObject({ details: { promotions: [{ code: "VIPONLY", reason: "signed_in_only" }] } });
    // The merchant takes the tag away: once the change reaches orders, the code no longer applies.
    await tag(vip, []);
    await follow();
    expect(await errorOf(await checkout(vip, { promotionCodes: ["VIPONLY"] }))).toMatchObject({ details: { promotions: [{ code: "VIPONLY", reason: "customer_not_eligible" }] } });
  });

  it("refuses a total a stale cart showed with a tag the customer lost, naming the promotion and why", async () => {
    const definition = promotion("promo_trade", { activation: "automatic", conditions: { customerTags: ["trade"] } });
    await publishPromotion(db, definition);
    const trader = await account("trader");
    await tag(trader, ["trade"]);
    await follow();
    const line = { variantId: "lamp", productSlug: "product-lamp", title: "Product lamp", sku: "SKU-lamp", imageUrl: "/images/lamp.svg", unitPrice: PRICE, quantity: 1, productId: "prod-lamp" };
    // What the cart showed: it was told the customer's tags at sign-in.
    const previewed = priceOrder([line], [], [definition], "USD", ADDRESS.country, { customer: { id: trader, tags: ["trade"] }, now: Date.now() });
    if (!previewed.ok) throw new Error("the preview refused the promotion");
    expect(await order(await checkout(trader, { expectedTotal: previewed.totals.total }))).toMatchObject({ discountTotal: 500 });
    await tag(trader, ["retail"]);
    await follow();
    const refused = await errorOf(await checkout(trader, { expectedTotal: previewed.totals.total }));
    expect(refused).toMatchObject({ code: "TOTAL_CHANGED", details: { expected: previewed.totals.total, promotions: [{ promotionId: "promo_trade", reason: "customer_not_eligible" }] } });
    // Without the discount: more by the 5.00 off and the tax on it.
    expect((refused.details as { actual: number }).actual).toBeGreaterThan(previewed.totals.total + 500 - 1);
    await publishPromotion(db, { ...definition, status: "paused" });
  });

  it("counts an order awaiting payment against 'first order only', and gives one of two simultaneous first orders the discount", async () => {
    await publishPromotion(db, promotion("promo_first", { codes: ["FIRSTONE"], conditions: { firstOrderOnly: true } }));
    const waiting = await account("waiting");
    const pending = await order(await checkout(waiting, { promotionCodes: ["FIRSTONE"] }, await t.payments.tokenize(TEST_CARDS.requiresAction)));
    expect(pending).toMatchObject({ status: "pending_payment", discountTotal: 500 });
    expect(await errorOf(await checkout(waiting, { promotionCodes: ["FIRSTONE"] }))).toMatchObject({ details: { promotions: [{ code: "FIRSTONE", reason: "first_order_only" }] } });
    // A declined first order does not count: the next one is still the first.
    const declinedFirst = await account("declined");
    expect(await order(await checkout(declinedFirst, { promotionCodes: ["FIRSTONE"] }, await t.payments.tokenize(TEST_CARDS.declined)))).toMatchObject({ status: "payment_failed" });
    expect(await order(await checkout(declinedFirst, { promotionCodes: ["FIRSTONE"] }))).toMatchObject({ status: "paid", discountTotal: 500 });

    const racer = await account("racer");
    const both = await Promise.all([checkout(racer, { promotionCodes: ["FIRSTONE"] }), checkout(racer, { promotionCodes: ["FIRSTONE"] })]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409].sort());
    const refused = both.find((r) => r.status !== 201);
    expect(await errorOf(refused ?? new Response("{}"))).toMatchObject({ details: { promotions: [{ code: "FIRSTONE", reason: "first_order_only" }] } });
  });
});
