import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeActor, type Actor } from "../../../contracts/admin/actor.ts";
import type { CheckoutResponse } from "../../../contracts/orders/api.ts";
import type { StockAdjustment, VariantStock } from "../../../contracts/orders/stock-routes.ts";
import { signRequest } from "../../../platform/signing.ts";
import { availableDrivers, checkoutBody, EDGE_SECRET, errorOf, eventsAbout, openBench, ordersApp, paymentsClientFor, postCheckout, stockOf, TEST_CARDS, type OrdersApp, type OrdersBench } from "./harness.ts";

/**
 * The merchant's stock adjustments: a change or a count, with a reason, applied to the sellable
 * count this service owns, recorded with who made it, published as `stock.changed`, refused
 * without changing anything when it would go below zero, and applied once however often retried.
 */
const drivers = await availableDrivers();
const STAFF: Actor = { kind: "staff", id: "staff_ada", email: "ada@example.com", role: "catalog" };

describe.each(drivers)("stock adjustments (%s)", (driver) => {
  let t: OrdersBench;
  let app: OrdersApp;
  let n = 0;

  beforeAll(async () => {
    t = await openBench(driver, [
      { variantId: "kettle", price: 3000, stock: 10 },
      { variantId: "teapot", price: 2000, stock: 5 },
    ]);
    app = ordersApp(t.db, paymentsClientFor(t.payments.url));
  });
  afterAll(() => t.close());

  /** A request as the edge forwards it from /admin/api: signed, with the staff member inside the signature. */
  async function asStaff(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, who: Actor = STAFF): Promise<Response> {
    const text = body === undefined ? "" : JSON.stringify(body);
    const actor = encodeActor(who);
    const signed = await signRequest(EDGE_SECRET, method, path, text, { idempotencyKey: headers["idempotency-key"], actor });
    return app.request(path, { method, headers: { ...headers, ...signed, "x-edgeshop-actor": actor, "content-type": "application/json" }, ...(body === undefined ? {} : { body: text }) });
  }
  const adjust = (variantId: string, body: unknown, headers?: Record<string, string>) => asStaff("POST", `/merchant/variants/${variantId}/stock-adjustments`, body, headers);
  const answer = async (res: Response) => (await res.json()) as { stock: VariantStock; adjustment: StockAdjustment };

  it("adds a delivery, records who and why, and publishes the new level", async () => {
    const res = await adjust("kettle", { delta: 12, reason: "Delivery from the workshop" });
    expect(res.status).toBe(201);
    const { stock, adjustment } = await answer(res);
    expect(stock).toEqual({ variantId: "kettle", available: 22, held: 0, tracked: true });
    expect(adjustment).toMatchObject({ variantId: "kettle", delta: 12, setTo: null, availableAfter: 22, reason: "Delivery from the workshop", actor: STAFF });
    expect(await stockOf(t.db, "kettle")).toBe(22);
    expect((await eventsAbout(t.db, "kettle")).filter((e) => e.type === "stock.changed").at(-1)?.payload).toEqual({ variantId: "kettle", available: 22 });
  });

  it("sets a count of units on hand, less what orders awaiting payment hold", async () => {
    const res = await postCheckout(app, `adjust-${driver}-${++n}`, checkoutBody(await t.payments.tokenize(TEST_CARDS.requiresAction), [{ variantId: "teapot", quantity: 2, unitPrice: 2000 }]));
    expect(((await res.json()) as CheckoutResponse).order.status).toBe("pending_payment");
    const set = await adjust("teapot", { set: 9, reason: "Stocktake" });
    expect(set.status).toBe(201);
    const { stock, adjustment } = await answer(set);
    expect(stock).toEqual({ variantId: "teapot", available: 7, held: 2, tracked: true });
    expect(adjustment).toMatchObject({ setTo: 9, delta: 4, availableAfter: 7 });
    const levels = await asStaff("GET", "/merchant/stock?variants=teapot,kettle,nothing");
    expect(((await levels.json()) as { stock: VariantStock[] }).stock).toEqual([
      { variantId: "teapot", available: 7, held: 2, tracked: true },
      { variantId: "kettle", available: 22, held: 0, tracked: true },
      { variantId: "nothing", available: 0, held: 0, tracked: false },
    ]);
  });

  it("refuses to go below zero, naming delta, and changes nothing", async () => {
    const res = await adjust("kettle", { delta: -23, reason: "Broken in transit" });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: "VALIDATION_FAILED", details: { issues: [{ path: "delta" }] } });
    expect(await stockOf(t.db, "kettle")).toBe(22);
  });

  it("refuses bad input naming the field: no reason, both or neither of delta and set, a negative count", async () => {
    const cases: [unknown, string][] = [
      [{ delta: 1 }, "reason"],
      [{ delta: 1, set: 3, reason: "x" }, "delta"],
      [{ reason: "x" }, "delta"],
      [{ set: -1, reason: "x" }, "set"],
      [{ delta: 1.5, reason: "x" }, "delta"],
    ];
    for (const [body, field] of cases) {
      const res = await adjust("kettle", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await errorOf(res)).details as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(field);
    }
    expect((await adjust("no-such-variant", { delta: 1, reason: "x" })).status).toBe(404);
    expect(await stockOf(t.db, "kettle")).toBe(22);
  });

  it("applies a retried adjustment once, and refuses its key for a different one", async () => {
    const key = { "idempotency-key": `adj-${driver}` };
    const first = await answer(await adjust("kettle", { delta: -2, reason: "Sample for a shoot" }, key));
    const again = await adjust("kettle", { delta: -2, reason: "Sample for a shoot" }, key);
    expect(again.status).toBe(201);
    expect((await answer(again)).adjustment.id).toBe(first.adjustment.id);
    expect(await stockOf(t.db, "kettle")).toBe(20);
    expect((await adjust("kettle", { delta: -3, reason: "Other" }, key)).status).toBe(422);
  });

  it("lists a variant's adjustments newest first, and needs catalog:write to adjust", async () => {
    const res = await asStaff("GET", "/merchant/variants/kettle");
    const { adjustments } = (await res.json()) as { adjustments: StockAdjustment[] };
    expect(adjustments.map((a) => a.reason)).toEqual(["Sample for a shoot", "Delivery from the workshop"]);
    const readOnly: Actor = { ...STAFF, id: "staff_ro", role: "read-only" };
    const refused = await asStaff("POST", "/merchant/variants/kettle/stock-adjustments", { delta: 1, reason: "x" }, {}, readOnly);
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).message).toMatch(/catalog:write/);
  });
});
