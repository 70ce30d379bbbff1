import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckoutResponse } from "../../../contracts/orders/api.ts";
import type { OrdersDb } from "../db.ts";
import { orders } from "../schema.ts";
import {
  availableDrivers,
  checkoutBody,
  countingPayments,
  errorOf,
  eventsAbout,
  openBench,
  ordersApp,
  paymentsClientFor,
  postCheckout,
  stockOf,
  TEST_CARDS,
  type OrdersBench,
} from "./harness.ts";

/**
 * Checkout under contention: the same request many times at once, and many shoppers racing for
 * the last units. Run on PGlite and on Postgres (where transactions really run side by side).
 */
const drivers = await availableDrivers();

async function ordersWithKey(db: OrdersDb, key: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(orders).where(eq(orders.idempotencyKey, key));
  return row?.n ?? 0;
}

describe.each(drivers)("checkout under contention (%s)", (driver) => {
  let t: OrdersBench;
  let token: string;
  let declined: string;

  beforeAll(async () => {
    t = await openBench(driver, [
      { variantId: "dup", price: 1500, stock: 1000 },
      { variantId: "flash", price: 4900, stock: 10 },
      { variantId: "pair-a", price: 1000, stock: 100 },
      { variantId: "pair-b", price: 2000, stock: 100 },
    ]);
    token = await t.payments.tokenize(TEST_CARDS.succeeds);
    declined = await t.payments.tokenize(TEST_CARDS.declined);
  });
  afterAll(() => t.close());

  const modes = [{ name: "Redis and Postgres", redis: true }, { name: "Postgres alone", redis: false }] as const;
  it.each(modes)("makes one order and one payment call of 50 identical requests at once ($name)", async ({ redis }) => {
    const payments = countingPayments(paymentsClientFor(t.payments.url));
    const app = ordersApp(t.db, payments, redis ? t.redis : undefined);
    const key = `dup-${driver}-${redis}-${Date.now()}`;
    const body = checkoutBody(token, [{ variantId: "dup", quantity: 1, unitPrice: 1500 }]);
    const before = await stockOf(t.db, "dup");
    const responses = await Promise.all(Array.from({ length: 50 }, () => postCheckout(app, key, body)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array<number>(49).fill(200), 201].sort());
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as CheckoutResponse[];
    for (const b of bodies) expect(b).toEqual(bodies[0]);
    expect(bodies[0]?.order.status).toBe("paid");
    expect(await ordersWithKey(t.db, key)).toBe(1);
    expect(payments.calls.create).toBe(1);
    expect(await stockOf(t.db, "dup")).toBe((before ?? 0) - 1);
  });

  it("sells exactly the 10 units left to 200 shoppers checking out at once, never going below zero", async () => {
    const payments = countingPayments(paymentsClientFor(t.payments.url));
    const app = ordersApp(t.db, payments, t.redis);
    const body = (i: number) => checkoutBody(token, [{ variantId: "flash", quantity: 1, unitPrice: 4900 }], { owner: { sessionId: `shopper-${i}` } });
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => postCheckout(app, `flash-${driver}-${i}`, body(i))));
    const won = responses.filter((r) => r.status === 201);
    const lost = responses.filter((r) => r.status === 409);
    expect(won).toHaveLength(10);
    expect(lost).toHaveLength(190);
    for (const res of won) expect(((await res.json()) as CheckoutResponse).order.status).toBe("paid");
    for (const res of lost) expect(await errorOf(res)).toMatchObject({ code: "OUT_OF_STOCK", details: { variantIds: ["flash"] } });
    expect(await stockOf(t.db, "flash")).toBe(0);
    expect(payments.calls.create).toBe(10);
    const levels = (await eventsAbout(t.db, "flash")).filter((e) => e.type === "stock.changed").map((e) => (e.payload as { available: number }).available);
    expect(levels).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it("keeps exact counts while paid and declined checkouts of the same items, in either line order, run at once", async () => {
    const app = ordersApp(t.db, paymentsClientFor(t.payments.url), t.redis);
    const a = { variantId: "pair-a", quantity: 1, unitPrice: 1000 };
    const b = { variantId: "pair-b", quantity: 2, unitPrice: 2000 };
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => postCheckout(app, `pair-${driver}-${i}`, checkoutBody(i % 2 ? declined : token, i % 4 < 2 ? [a, b] : [b, a]))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array<number>(40).fill(201));
    const statuses = await Promise.all(responses.map(async (r) => ((await r.json()) as CheckoutResponse).order.status));
    expect(statuses.filter((s) => s === "paid")).toHaveLength(20);
    expect(statuses.filter((s) => s === "payment_failed")).toHaveLength(20);
    expect(await stockOf(t.db, "pair-a")).toBe(100 - 20);
    expect(await stockOf(t.db, "pair-b")).toBe(100 - 40);
  });
});
