import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedFetch } from "../../../platform/signed-fetch.ts";
import { TEST_CARDS } from "../providers/sandbox-cards.ts";
import { payments, sandboxCharges, webhookReceipts } from "../schema.ts";
import { availableDrivers, capturesFor, eventsFor, startTestService, type TestService } from "./harness.ts";

const drivers = await availableDrivers();

describe.each(drivers)("payments with the sandbox test cards (%s)", (driver) => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService(driver, { duplicateRate: 0 });
  });
  afterAll(async () => {
    await t.close();
  });

  const orderId = () => `ord_${crypto.randomUUID()}`;
  const payWith = async (card: string, id = orderId()) => t.pay(id, (await t.tokenize(card)).token, 4200);

  it("4242 4242 4242 4242 succeeds at once, is captured and announced", async () => {
    const id = orderId();
    const { status, payment } = await payWith(TEST_CARDS.succeeds, id);
    expect(status).toBe(201);
    expect(payment).toEqual({ id: expect.stringMatching(/^pay_/), orderId: id, status: "succeeded", amount: 4200, currency: "USD", brand: "visa", last4: "4242" });
    expect(await capturesFor(t.db, payment.id)).toBe(1);
    expect(await eventsFor(t.db, payment.id)).toEqual([{ type: "payment.succeeded", payload: { paymentId: payment.id, orderId: id, amount: 4200, currency: "USD" } }]);
  });

  it("4000 0000 0000 0002 is declined with card_declined and nothing is captured", async () => {
    const { status, payment } = await payWith(TEST_CARDS.declined);
    expect(status).toBe(201);
    expect(payment).toMatchObject({ status: "failed", failureReason: "card_declined", last4: "0002" });
    expect(await capturesFor(t.db, payment.id)).toBe(0);
    expect(await eventsFor(t.db, payment.id)).toEqual([
      { type: "payment.failed", payload: expect.objectContaining({ paymentId: payment.id, failureReason: "card_declined" }) },
    ]);
  });

  it("4000 0027 6000 3184 waits for the shopper, then succeeds once confirmed", async () => {
    const { payment } = await payWith(TEST_CARDS.requiresAction);
    expect(payment.status).toBe("requires_action");
    expect(await capturesFor(t.db, payment.id)).toBe(0);
    const confirmed = await t.act(payment.id, "confirm");
    expect(confirmed).toEqual({ status: 200, body: { payment: { ...payment, status: "succeeded" } } });
    expect(await capturesFor(t.db, payment.id)).toBe(1);
    expect((await eventsFor(t.db, payment.id)).map((e) => e.type)).toEqual(["payment.requires_action", "payment.succeeded"]);
    // Confirming again is safe: same payment, nothing new.
    expect(await t.act(payment.id, "confirm")).toEqual(confirmed);
    expect(await capturesFor(t.db, payment.id)).toBe(1);
  });

  it("4000 0027 6000 3184 is cancelled when the shopper gives up, and cannot be confirmed afterwards", async () => {
    const { payment } = await payWith(TEST_CARDS.requiresAction);
    expect(await t.act(payment.id, "cancel")).toEqual({ status: 200, body: { payment: { ...payment, status: "cancelled" } } });
    expect(await t.act(payment.id, "cancel")).toMatchObject({ status: 200 });
    expect(await t.act(payment.id, "confirm")).toEqual({
      status: 409,
      body: { error: { code: "PAYMENT_NOT_CONFIRMABLE", message: expect.stringContaining("cancelled"), details: { status: "cancelled" } } },
    });
    expect(await capturesFor(t.db, payment.id)).toBe(0);
    expect((await eventsFor(t.db, payment.id)).map((e) => e.type)).toEqual(["payment.requires_action", "payment.cancelled"]);
  });

  it("any other Luhn-valid card succeeds", async () => {
    const { payment } = await payWith("5555 5555 5555 4444");
    expect(payment).toMatchObject({ status: "succeeded", brand: "mastercard", last4: "4444" });
  });

  it("refuses to cancel a payment that already succeeded", async () => {
    const { payment } = await payWith(TEST_CARDS.succeeds);
    expect(await t.act(payment.id, "cancel")).toMatchObject({ status: 409, body: { error: { code: "PAYMENT_NOT_CANCELLABLE" } } });
  });

  it("also hears of every outcome through the sandbox's signed webhooks", async () => {
    const { payment } = await payWith(TEST_CARDS.requiresAction);
    await t.act(payment.id, "confirm");
    await t.webhooksSettled();
    const [charge] = await t.db.select().from(sandboxCharges).where(eq(sandboxCharges.reference, payment.id));
    expect(charge?.status).toBe("succeeded");
    const receipts = await t.db.select().from(webhookReceipts).where(eq(webhookReceipts.paymentId, payment.id));
    expect(receipts.map((r) => r.type).sort()).toEqual(["charge.requires_action", "charge.succeeded"]);
    expect(await capturesFor(t.db, payment.id)).toBe(1);
  });

  it("shows a payment to a sibling service, and 404s an unknown one", async () => {
    const { payment } = await payWith(TEST_CARDS.succeeds);
    const res = await t.asService("GET", `/payments/${payment.id}`);
    expect(await res.json()).toEqual({ payment });
    expect((await t.asService("GET", "/payments/pay_0000000000000000")).status).toBe(404);
    expect((await t.act("pay_0000000000000000", "confirm")).status).toBe(404);
  });

  it("refuses an unknown token, naming the field, and creates no payment", async () => {
    const id = orderId();
    const res = await t.asService("POST", "/payments", { orderId: id, amount: 100, currency: "USD", token: "tok_00000000000000000000000000000000" }, { "idempotency-key": id });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "VALIDATION_FAILED", message: "token: unknown payment token" } });
    expect(await t.db.select().from(payments).where(eq(payments.orderId, id))).toEqual([]);
  });

  it.each([
    ["amount", { amount: 0 }],
    ["amount", { amount: 10.5 }],
    ["currency", { currency: "JPY" }],
    ["token", { token: "4242424242424242" }],
    ["orderId", { orderId: "" }],
  ])("refuses a bad %s with a 400 naming it", async (field, change) => {
    const { token } = await t.tokenize(TEST_CARDS.succeeds);
    const id = orderId();
    const res = await t.asService("POST", "/payments", { orderId: id, amount: 100, currency: "USD", token, ...change }, { "idempotency-key": id });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message.startsWith(field)).toBe(true);
  });

  it("requires an Idempotency-Key", async () => {
    const { token } = await t.tokenize(TEST_CARDS.succeeds);
    const res = await t.asService("POST", "/payments", { orderId: orderId(), amount: 100, currency: "USD", token });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { message: expect.stringContaining("Idempotency-Key") } });
  });

  it("takes money only on a sibling service's signature: the edge's is refused", async () => {
    const { token } = await t.tokenize(TEST_CARDS.succeeds);
    const id = orderId();
    const body = { orderId: id, amount: 100, currency: "USD", token };
    const asEdge = await signedFetch(t.raw.EDGE_SIGNING_SECRET, t.url, "/payments", { json: body, headers: { "idempotency-key": id } });
    expect(asEdge.status).toBe(401);
    const events = await signedFetch(t.raw.EDGE_SIGNING_SECRET, t.url, "/internal/events?after=0");
    expect(events.status).toBe(401);
    expect(await t.db.select().from(payments).where(eq(payments.orderId, id))).toEqual([]);
  });

  it("publishes its events on a feed a sibling pulls from a position", async () => {
    const all = (await (await t.asService("GET", "/internal/events?after=0&limit=1000")).json()) as { events: { seq: number; type: string }[] };
    expect(all.events.length).toBeGreaterThan(3);
    const seqs = all.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const from = seqs[2] ?? 0;
    const rest = (await (await t.asService("GET", `/internal/events?after=${from}`)).json()) as { events: { seq: number }[] };
    expect(rest.events.map((e) => e.seq)).toEqual(seqs.filter((s) => s > from));
    expect((await t.asService("GET", "/internal/events?after=-1")).status).toBe(400);
  });
});
