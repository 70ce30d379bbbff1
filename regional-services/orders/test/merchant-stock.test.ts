import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckoutResponse } from "../../../contracts/orders/api.ts";
import type { OrdersDb } from "../db.ts";
import { inventory } from "../schema.ts";
import { availableDrivers, call, checkoutBody, eventsAbout, openBench, ordersApp, paymentsClientFor, postCheckout, seedOffers, stockOf, TEST_CARDS, type OrdersBench } from "./harness.ts";

/**
 * The merchant's stock figure (the catalog feed's `stockOnHand`) counts the units they have. Units
 * that orders awaiting payment hold were taken out of stock at checkout and go back if those
 * orders are cancelled, so a new figure must not count them a second time.
 */
const drivers = await availableDrivers();
const PRICES = { desk: 5000, lamp: 2000, rug: 9000 } as const;
type Variant = keyof typeof PRICES;

describe.each(drivers)("the merchant's stock figure (%s)", (driver) => {
  let t: OrdersBench;
  let db: OrdersDb;
  let n = 0;

  beforeAll(async () => {
    t = await openBench(driver, [
      { variantId: "desk", price: PRICES.desk, stock: 10 },
      { variantId: "lamp", price: PRICES.lamp, stock: 5 },
      { variantId: "rug", price: PRICES.rug, stock: 4 },
    ]);
    db = t.db;
  });
  afterAll(() => t.close());

  /** The merchant sets a new figure, arriving as the catalog feed's `variant.upserted` would. */
  const merchantCounts = (variantId: Variant, stock: number) => seedOffers(db, [{ variantId, price: PRICES[variantId], stock }]);

  /** An order waiting at the extra payment step: it holds its units until paid or cancelled. */
  async function waitingOrder(variantId: Variant, quantity: number): Promise<string> {
    const app = ordersApp(db, paymentsClientFor(t.payments.url));
    const res = await postCheckout(app, `stock-${driver}-${++n}`, checkoutBody(await t.payments.tokenize(TEST_CARDS.requiresAction), [{ variantId, quantity, unitPrice: PRICES[variantId] }]));
    const body = (await res.json()) as CheckoutResponse;
    expect(body.order.status).toBe("pending_payment");
    return body.order.id;
  }

  async function shopperCancels(orderId: string): Promise<void> {
    const app = ordersApp(db, paymentsClientFor(t.payments.url));
    const res = await call(app, "POST", `/orders/${orderId}/payment-confirmation`, { action: "cancel", sessionId: "session-1" });
    expect(((await res.json()) as CheckoutResponse).order.status).toBe("cancelled");
  }

  const levels = async (variantId: string) => (await eventsAbout(db, variantId)).filter((e) => e.type === "stock.changed").map((e) => e.payload);

  it("takes the units unpaid orders hold off the figure, and publishes the level for the catalog", async () => {
    const orderId = await waitingOrder("desk", 3);
    expect(await stockOf(db, "desk")).toBe(7);
    await merchantCounts("desk", 10);
    expect(await stockOf(db, "desk")).toBe(7);
    expect((await levels("desk")).at(-1)).toEqual({ variantId: "desk", available: 7 });
    await shopperCancels(orderId);
    expect(await stockOf(db, "desk")).toBe(10);
  });

  it("counts the units of a paid order as sold, not held", async () => {
    const app = ordersApp(db, paymentsClientFor(t.payments.url));
    const res = await postCheckout(app, `stock-${driver}-${++n}`, checkoutBody(await t.payments.tokenize(TEST_CARDS.succeeds), [{ variantId: "rug", quantity: 2, unitPrice: PRICES.rug }]));
    expect(((await res.json()) as CheckoutResponse).order.status).toBe("paid");
    await merchantCounts("rug", 2);
    expect(await stockOf(db, "rug")).toBe(2);
  });

  it("never puts back units the merchant no longer has when a count falls below what unpaid orders hold", async () => {
    const orderId = await waitingOrder("lamp", 3);
    expect(await stockOf(db, "lamp")).toBe(2);
    await merchantCounts("lamp", 1);
    expect(await stockOf(db, "lamp")).toBe(0);
    await shopperCancels(orderId);
    expect(await stockOf(db, "lamp")).toBe(1);
    const [row] = await db.select().from(inventory).where(eq(inventory.variantId, "lamp"));
    expect(row?.shortfall).toBe(0);
  });

  // Only Postgres runs transactions side by side; PGlite has one connection, so nothing ever waits.
  if (driver === "postgres") it("gives way to a checkout holding the stock row instead of waiting for it (the feed retries)", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let signalLocked = () => {};
    const locked = new Promise<void>((resolve) => (signalLocked = resolve));
    const holder = db.transaction(async (tx) => {
      await tx.select().from(inventory).where(eq(inventory.variantId, "desk")).for("update");
      signalLocked();
      await gate;
    });
    await locked;
    const started = Date.now();
    const refused: unknown = await merchantCounts("desk", 8).catch((err: unknown) => err);
    release();
    await holder;
    // 55P03 lock_not_available: refused at once rather than queued behind the checkout.
    expect(refused).toMatchObject({ cause: { code: "55P03" } });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await stockOf(db, "desk")).toBe(10);
    await merchantCounts("desk", 8);
    expect(await stockOf(db, "desk")).toBe(8);
  });
});
