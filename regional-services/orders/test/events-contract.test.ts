import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDERS_EVENTS } from "../../../contracts/orders/events.ts";
import type { CheckoutResponse } from "../../../contracts/orders/api.ts";
import { outbox } from "../schema.ts";
import { availableDrivers, call, checkoutBody, openBench, ordersApp, paymentsClientFor, postCheckout, TEST_CARDS, type OrdersApp, type OrdersBench } from "./harness.ts";

/**
 * Contract: every event the orders service really publishes (checkout, payment outcomes, a
 * cancellation) parses with the schema its consumers use, from contracts/orders/events.ts.
 */
const [driver = "pglite"] = await availableDrivers();

describe(`orders events match contracts/orders/events.ts (${driver})`, () => {
  let t: OrdersBench;
  let app: OrdersApp;
  beforeAll(async () => {
    t = await openBench(driver, [{ variantId: "tee", price: 2500, stock: 20 }]);
    app = ordersApp(t.db, paymentsClientFor(t.payments.url), t.redis);
  });
  afterAll(async () => {
    await t.close();
  });

  const checkout = async (card: string) => {
    const res = await postCheckout(app, `contract-${crypto.randomUUID()}`, checkoutBody(await t.payments.tokenize(card), [{ variantId: "tee", quantity: 1, unitPrice: 2500 }]));
    return (await res.json()) as CheckoutResponse;
  };

  it("publishes only payloads its consumers' schemas accept, for every event type it produced", async () => {
    await checkout(TEST_CARDS.succeeds);
    await checkout(TEST_CARDS.declined);
    const waiting = await checkout(TEST_CARDS.requiresAction);
    await call(app, "POST", `/orders/${waiting.order.id}/payment-confirmation`, { action: "cancel", sessionId: "session-1" });

    const events = await t.db.select({ type: outbox.type, payload: outbox.payload }).from(outbox).orderBy(asc(outbox.seq));
    for (const event of events) {
      const schema = ORDERS_EVENTS[event.type as keyof typeof ORDERS_EVENTS];
      expect(schema, `a schema for ${event.type}`).toBeDefined();
      expect(schema.safeParse(event.payload).error).toBeUndefined();
    }
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(["order.created", "stock.changed", "order.paid", "order.payment_failed", "order.cancelled"]));
  });
});
