import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PaymentView } from "../../../contracts/payments/api.ts";
import { TEST_CARDS } from "../providers/sandbox-cards.ts";
import { payments, sandboxCharges, sandboxWebhookEvents } from "../schema.ts";
import { availableDrivers, capturesFor, eventsFor, startTestService, type TestService } from "./harness.ts";

const drivers = await availableDrivers();

describe.each(drivers)("POST /payments is idempotent (%s)", (driver) => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService(driver, { duplicateRate: 0 });
  });
  afterAll(async () => {
    await t.close();
  });

  const send = async (key: string, body: Record<string, unknown>) => {
    const res = await t.asService("POST", "/payments", body, { "idempotency-key": key });
    return { status: res.status, body: (await res.json()) as { payment: PaymentView } };
  };

  it.each([
    ["a card that succeeds", TEST_CARDS.succeeds, "succeeded"],
    ["a card that needs confirmation", TEST_CARDS.requiresAction, "requires_action"],
  ])("makes one payment out of 50 concurrent requests with one key, with %s", async (_what, card, status) => {
    const orderId = `ord_${crypto.randomUUID()}`;
    const { token } = await t.tokenize(card);
    const body = { orderId, amount: 1999, currency: "EUR", token };
    const answers = await Promise.all(Array.from({ length: 50 }, () => send(orderId, body)));

    const rows = await t.db.select().from(payments).where(eq(payments.orderId, orderId));
    expect(rows).toHaveLength(1);
    const payment = answers[0]?.body.payment;
    expect(payment).toMatchObject({ id: rows[0]?.id, status });
    for (const answer of answers) expect(answer.body).toEqual({ payment });
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(49);

    const id = rows[0]?.id ?? "";
    const charges = await t.db.select().from(sandboxCharges).where(eq(sandboxCharges.reference, id));
    expect(charges).toHaveLength(1);
    const [webhooks] = await t.db.select({ n: sql<number>`count(*)::int` }).from(sandboxWebhookEvents).where(eq(sandboxWebhookEvents.chargeId, charges[0]?.id ?? ""));
    expect(webhooks?.n).toBe(1);
    expect(await capturesFor(t.db, id)).toBe(status === "succeeded" ? 1 : 0);
    expect(await eventsFor(t.db, id)).toHaveLength(1);
  });

  it("answers a later retry with the same payment as it stands now", async () => {
    const orderId = `ord_${crypto.randomUUID()}`;
    const { token } = await t.tokenize(TEST_CARDS.requiresAction);
    const body = { orderId, amount: 500, currency: "GBP", token };
    const first = await send(orderId, body);
    await t.act(first.body.payment.id, "confirm");
    const again = await send(orderId, body);
    expect(again).toEqual({ status: 200, body: { payment: { ...first.body.payment, status: "succeeded" } } });
    expect(await capturesFor(t.db, first.body.payment.id)).toBe(1);
  });

  it("refuses the same key for a different request", async () => {
    const orderId = `ord_${crypto.randomUUID()}`;
    const { token } = await t.tokenize(TEST_CARDS.succeeds);
    await send(orderId, { orderId, amount: 500, currency: "USD", token });
    const changed = await send(orderId, { orderId, amount: 501, currency: "USD", token });
    expect(changed.status).toBe(422);
    expect(changed.body).toMatchObject({ error: { code: "IDEMPOTENCY_KEY_REUSED" } });
  });

  it("refuses the same key with another token as a reused key, even when that token is unknown", async () => {
    const orderId = `ord_${crypto.randomUUID()}`;
    const { token } = await t.tokenize(TEST_CARDS.succeeds);
    await send(orderId, { orderId, amount: 500, currency: "USD", token });
    const unknown = await send(orderId, { orderId, amount: 500, currency: "USD", token: "tok_00000000000000000000000000000000" });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ error: { code: "IDEMPOTENCY_KEY_REUSED" } });
  });

  it("never makes a second payment for an order, whatever the key", async () => {
    const orderId = `ord_${crypto.randomUUID()}`;
    const { token } = await t.tokenize(TEST_CARDS.succeeds);
    await send(orderId, { orderId, amount: 500, currency: "USD", token });
    const other = await send(`${orderId}-again`, { orderId, amount: 500, currency: "USD", token });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: { code: "PAYMENT_EXISTS" } });
    expect(await t.db.select().from(payments).where(eq(payments.orderId, orderId))).toHaveLength(1);
  });

  it("finishes the work of a first request that died before hearing from the provider", async () => {
    const orderId = `ord_${crypto.randomUUID()}`;
    const { token } = await t.tokenize(TEST_CARDS.succeeds);
    // What a crash between inserting the payment and calling the provider leaves behind.
    const id = `pay_${crypto.randomUUID().replaceAll("-", "")}`;
    await t.db.insert(payments).values({ id, orderId, idempotencyKey: orderId, amount: 700, currency: "USD", provider: "sandbox", token, brand: "visa", last4: "4242" });
    const retry = await send(orderId, { orderId, amount: 700, currency: "USD", token });
    expect(retry).toMatchObject({ status: 200, body: { payment: { id, status: "succeeded" } } });
    expect(await capturesFor(t.db, id)).toBe(1);
  }, 15_000);
});
