import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RefundListResponse, RefundResponse } from "../../../contracts/payments/api.ts";
import { PAYMENT_REFUND_FAILED, PAYMENT_REFUNDED } from "../../../contracts/payments/events.ts";
import { TEST_CARDS } from "../providers/sandbox-cards.ts";
import { SandboxProvider } from "../providers/sandbox.ts";
import { refundEventBody } from "../providers/sandbox-events.ts";
import { reconcileRefunds } from "../reconcile.ts";
import { refunds, sandboxRefunds, sandboxWebhookEvents } from "../schema.ts";
import { availableDrivers, eventsFor, startTestService, type TestService } from "./harness.ts";

/**
 * Refunds: money back on a captured payment, through the provider, never more than was captured,
 * once per Idempotency-Key, and `payment.refunded` once per refund when the provider reports it.
 */
const drivers = await availableDrivers();

async function paidPayment(t: TestService, amount = 2500, card: string = TEST_CARDS.succeeds) {
  const { payment } = await t.pay(`ord_${randomUUID()}`, (await t.tokenize(card)).token, amount);
  return payment;
}

async function refund(t: TestService, paymentId: string, amount: number, key = randomUUID(), reason?: string) {
  const res = await t.asService("POST", `/payments/${paymentId}/refunds`, { amount, ...(reason ? { reason } : {}) }, { "idempotency-key": key });
  return { status: res.status, body: (await res.json()) as RefundResponse & { error?: { code: string; message: string; details?: unknown } } };
}

const refundedEvents = async (t: TestService, paymentId: string) => (await eventsFor(t.db, paymentId)).filter((e) => e.type === PAYMENT_REFUNDED);
const refundRows = (t: TestService, paymentId: string) => t.db.select().from(refunds).where(eq(refunds.paymentId, paymentId));

describe.each(drivers)("refunds delivered by the sandbox's webhook (%s)", (driver) => {
  let t: TestService;
  beforeAll(async () => {
    // Every delivery is sent twice, as real providers sometimes do.
    t = await startTestService(driver, { duplicateRate: 1, sweepIntervalMs: 50 });
  });
  afterAll(() => t.close());

  it("answers pending, then the signed refund.succeeded webhook settles it and publishes payment.refunded once", async () => {
    const payment = await paidPayment(t);
    const first = await refund(t, payment.id, 1000, randomUUID(), "damaged in transit");
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ refund: { paymentId: payment.id, orderId: payment.orderId, amount: 1000, currency: "USD", status: "pending", reason: "damaged in transit" }, capturedAmount: 2500, refundedAmount: 1000 });
    expect(first.body.refund.id).toMatch(/^re_/);
    await sleep(150);
    await t.webhooksSettled();
    const [row] = await refundRows(t, payment.id);
    expect(row?.status).toBe("succeeded");
    const events = await refundedEvents(t, payment.id);
    expect(events.map((e) => e.payload)).toEqual([
      { paymentId: payment.id, orderId: payment.orderId, refundId: first.body.refund.id, amount: 1000, currency: "USD", refundedTotal: 1000, capturedAmount: 2500, reason: "damaged in transit" },
    ]);
    const list = await t.asService("GET", `/payments/${payment.id}/refunds`);
    expect(list.status).toBe(200);
    expect((await list.json()) as RefundListResponse).toMatchObject({ refunds: [{ id: first.body.refund.id, status: "succeeded" }], capturedAmount: 2500, refundedAmount: 1000 });
  });
});

describe.each(drivers)("POST /payments/{id}/refunds (%s)", (driver) => {
  let t: TestService;
  beforeAll(async () => {
    // The sandbox's own deliveries are held back, so each test decides what arrives when.
    t = await startTestService(driver, { delayMs: 60_000, sweepIntervalMs: 60_000 });
  });
  afterAll(() => t.close());

  it("applies a redelivered refund webhook once: one succeeded refund, one payment.refunded", async () => {
    const payment = await paidPayment(t);
    const { body } = await refund(t, payment.id, 700);
    const [stored] = await t.db.select().from(sandboxWebhookEvents).where(sql`${sandboxWebhookEvents.payload}->'data'->'refund'->>'reference' = ${body.refund.id}`);
    if (!stored) throw new Error("the sandbox stored no refund webhook");
    expect(stored.type).toBe("refund.succeeded");
    const deliveries = await Promise.all(Array.from({ length: 4 }, () => t.webhook(stored.payload)));
    const answers = await Promise.all(deliveries.map(async (res) => ({ status: res.status, body: (await res.json()) as { duplicate: boolean } })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.filter((a) => !a.body.duplicate)).toHaveLength(1);
    expect((await t.webhook(stored.payload)).status).toBe(200);
    expect((await refundRows(t, payment.id)).map((r) => r.status)).toEqual(["succeeded"]);
    expect(await refundedEvents(t, payment.id)).toHaveLength(1);
  });

  it("frees the capture again when the provider reports the refund failed, and publishes payment.refund_failed instead of payment.refunded", async () => {
    const payment = await paidPayment(t, 2500);
    const { body } = await refund(t, payment.id, 2500);
    const [stored] = await t.db.select().from(sandboxRefunds).where(eq(sandboxRefunds.idempotencyKey, body.refund.id));
    if (!stored) throw new Error("the sandbox made no refund");
    const failed = refundEventBody(`evt_${randomUUID().replaceAll("-", "")}`, { ref: stored.id, reference: body.refund.id, chargeRef: stored.chargeId, status: "failed", amount: 2500, currency: "USD", failureReason: "card_closed" });
    expect((await t.webhook(failed)).status).toBe(200);
    expect((await refundRows(t, payment.id)).map((r) => [r.status, r.failureReason])).toEqual([["failed", "card_closed"]]);
    expect(await refundedEvents(t, payment.id)).toEqual([]);
    expect((await eventsFor(t.db, payment.id)).filter((e) => e.type === PAYMENT_REFUND_FAILED).map((e) => e.payload)).toEqual([
      { paymentId: payment.id, orderId: payment.orderId, refundId: body.refund.id, amount: 2500, currency: "USD", failureReason: "card_closed" },
    ]);
    // Another report of the same failure publishes nothing more.
    expect((await t.webhook(failed)).status).toBe(200);
    expect((await eventsFor(t.db, payment.id)).filter((e) => e.type === PAYMENT_REFUND_FAILED)).toHaveLength(1);
    expect((await refund(t, payment.id, 2500)).status).toBe(201);
  });

  it("refunds once for a double click: two concurrent requests with one key answer the same refund", async () => {
    const payment = await paidPayment(t);
    const key = randomUUID();
    const answers = await Promise.all([refund(t, payment.id, 900, key), refund(t, payment.id, 900, key)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(answers[0]?.body.refund.id).toBe(answers[1]?.body.refund.id);
    expect(await refundRows(t, payment.id)).toHaveLength(1);
    const atSandbox = await t.db.select().from(sandboxRefunds).where(eq(sandboxRefunds.idempotencyKey, answers[0]?.body.refund.id ?? ""));
    expect(atSandbox).toHaveLength(1);
  });

  it("refuses exactly one of two concurrent refunds that together exceed the capture, pending ones counted", async () => {
    const payment = await paidPayment(t, 2500);
    const answers = await Promise.all([refund(t, payment.id, 1500), refund(t, payment.id, 1500)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const refused = answers.find((a) => a.status === 409);
    expect(refused?.body.error).toMatchObject({ code: "REFUND_EXCEEDS_CAPTURED", details: { issues: [{ path: "amount" }], captured: 2500, refundable: 1000 } });
    expect(refused?.body.error?.message).toMatch(/^amount: /);
    expect(await refundRows(t, payment.id)).toHaveLength(1);
  });

  it("refuses more than was captured with 409 naming amount, and records nothing", async () => {
    const payment = await paidPayment(t, 2500);
    const { status, body } = await refund(t, payment.id, 2501);
    expect(status).toBe(409);
    expect(body.error).toMatchObject({ code: "REFUND_EXCEEDS_CAPTURED", details: { issues: [{ path: "amount", message: "at most 2500" }] } });
    expect(await refundRows(t, payment.id)).toEqual([]);
  });

  it("refuses a payment that took no money with 409 PAYMENT_NOT_REFUNDABLE", async () => {
    const declined = await paidPayment(t, 2500, TEST_CARDS.declined);
    expect(declined.status).toBe("failed");
    const { status, body } = await refund(t, declined.id, 100);
    expect(status).toBe(409);
    expect(body.error?.code).toBe("PAYMENT_NOT_REFUNDABLE");
    expect(await refundRows(t, declined.id)).toEqual([]);
  });

  it("refuses a key reused for another amount with 422, and keeps the first refund as it was", async () => {
    const payment = await paidPayment(t);
    const key = randomUUID();
    expect((await refund(t, payment.id, 500, key)).status).toBe(201);
    const reused = await refund(t, payment.id, 600, key);
    expect(reused.status).toBe(422);
    expect(reused.body.error?.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect((await refundRows(t, payment.id)).map((r) => r.amount)).toEqual([500]);
  });

  it("answers 400 naming amount for a bad amount, 400 without an Idempotency-Key, and 404 for an unknown payment", async () => {
    const payment = await paidPayment(t);
    for (const amount of [0, -5, 1.5, "10"]) {
      const res = await t.asService("POST", `/payments/${payment.id}/refunds`, { amount }, { "idempotency-key": randomUUID() });
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain("amount");
    }
    expect((await t.asService("POST", `/payments/${payment.id}/refunds`, { amount: 100 })).status).toBe(400);
    expect((await refund(t, "pay_doesnotexist0000", 100)).status).toBe(404);
    expect(await refundRows(t, payment.id)).toEqual([]);
  });

  it("reconciliation settles a refund whose webhook was lost, once, however often it runs", async () => {
    const payment = await paidPayment(t);
    const { body } = await refund(t, payment.id, 400);
    await t.db.update(refunds).set({ updatedAt: sql`now() - interval '10 seconds'` }).where(eq(refunds.id, body.refund.id));
    await sleep(150);
    const deps = { db: t.db, provider: new SandboxProvider({ db: t.db, webhookSecret: t.raw.PAYMENTS_WEBHOOK_SECRET }) };
    const passes = await Promise.all([reconcileRefunds(deps, { stuckAfterMs: 1_000 }), reconcileRefunds(deps, { stuckAfterMs: 1_000 })]);
    // Other specs' refunds held pending here may be settled by the same passes; this one moves once.
    expect(passes.reduce((n, p) => n + p.moved, 0)).toBeGreaterThanOrEqual(1);
    await t.db.update(refunds).set({ updatedAt: sql`now() - interval '10 seconds'` }).where(eq(refunds.id, body.refund.id));
    await reconcileRefunds(deps, { stuckAfterMs: 1_000 });
    expect((await refundRows(t, payment.id)).map((r) => r.status)).toEqual(["succeeded"]);
    expect(await refundedEvents(t, payment.id)).toHaveLength(1);
  });
});
