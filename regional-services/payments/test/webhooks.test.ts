import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventBody } from "../providers/sandbox-events.ts";
import { TEST_CARDS } from "../providers/sandbox-cards.ts";
import { signWebhook } from "../providers/sandbox-signature.ts";
import { payments, sandboxCharges, webhookReceipts } from "../schema.ts";
import { availableDrivers, capturesFor, eventsFor, startTestService, type TestService } from "./harness.ts";

const drivers = await availableDrivers();

describe.each(drivers)("POST /webhooks/sandbox (%s)", (driver) => {
  let t: TestService;
  beforeAll(async () => {
    // The sandbox's own deliveries are held back, so each test decides what arrives when.
    t = await startTestService(driver, { delayMs: 60_000, sweepIntervalMs: 60_000 });
  });
  afterAll(async () => {
    await t.close();
  });

  /** A payment awaiting the shopper, and the event the sandbox sends once it succeeds. */
  async function awaitingConfirmation() {
    const orderId = `ord_${crypto.randomUUID()}`;
    const { payment } = await t.pay(orderId, (await t.tokenize(TEST_CARDS.requiresAction)).token, 3100);
    const [charge] = await t.db.select().from(sandboxCharges).where(eq(sandboxCharges.reference, payment.id));
    if (!charge) throw new Error("no sandbox charge");
    const succeeded = (id = `evt_${crypto.randomUUID().replaceAll("-", "")}`) =>
      eventBody(id, { ref: charge.id, reference: payment.id, status: "succeeded", amount: 3100, currency: "USD" });
    return { payment, charge, succeeded };
  }

  async function expectCapturedOnce(paymentId: string) {
    const [row] = await t.db.select().from(payments).where(eq(payments.id, paymentId));
    expect(row?.status).toBe("succeeded");
    expect(await capturesFor(t.db, paymentId)).toBe(1);
    const types = (await eventsFor(t.db, paymentId)).map((e) => e.type);
    expect(types.filter((type) => type === "payment.succeeded")).toHaveLength(1);
  }

  describe("signature", () => {
    it("refuses a delivery with no signature, another secret's, a changed body or an old timestamp", async () => {
      const { succeeded } = await awaitingConfirmation();
      const event = succeeded();
      const body = JSON.stringify(event);
      const tampered = JSON.stringify({ ...event, data: { charge: { ...event.data.charge, amount: 1 } } });
      const attempts = [
        await fetch(`${t.url}/webhooks/sandbox`, { method: "POST", body }),
        await t.webhook(event, await signWebhook("some-other-secret-entirely", body)),
        await t.webhook(JSON.parse(tampered), await signWebhook(t.raw.PAYMENTS_WEBHOOK_SECRET, body)),
        await t.webhook(event, await signWebhook(t.raw.PAYMENTS_WEBHOOK_SECRET, body, Date.now() - 6 * 60_000)),
        await t.webhook(event, "t=abc,v1=def"),
      ];
      for (const res of attempts) {
        expect(res.status).toBe(401);
        expect(await res.json()).toMatchObject({ error: { code: "BAD_SIGNATURE" } });
      }
      expect(await t.db.select().from(webhookReceipts).where(eq(webhookReceipts.eventId, event.id))).toEqual([]);
    });

    it("answers 400 to a correctly signed body that is not a sandbox event", async () => {
      expect((await t.webhook({ hello: "world" })).status).toBe(400);
    });
  });

  describe("one capture, one payment.succeeded, however the reports race", () => {
    it("the same event five times, concurrently with the shopper's confirmation", async () => {
      const rounds = await Promise.all(Array.from({ length: 8 }, () => awaitingConfirmation()));
      await Promise.all(
        rounds.map(async ({ payment, succeeded }) => {
          const event = succeeded();
          const [confirm, ...deliveries] = await Promise.all([t.act(payment.id, "confirm"), ...Array.from({ length: 5 }, () => t.webhook(event))]);
          expect(confirm).toMatchObject({ status: 200, body: { payment: { status: "succeeded" } } });
          const answers = await Promise.all(deliveries.map(async (res) => ({ status: res.status, body: (await res.json()) as { duplicate: boolean } })));
          expect(answers.every((a) => a.status === 200)).toBe(true);
          expect(answers.filter((a) => !a.body.duplicate)).toHaveLength(1);
          const [receipts] = await t.db.select({ n: sql<number>`count(*)::int` }).from(webhookReceipts).where(eq(webhookReceipts.eventId, event.id));
          expect(receipts?.n).toBe(1);
          await expectCapturedOnce(payment.id);
        }),
      );
    });

    it("the event five times before the confirmation", async () => {
      const { payment, succeeded } = await awaitingConfirmation();
      const event = succeeded();
      await Promise.all(Array.from({ length: 5 }, () => t.webhook(event)));
      expect(await t.act(payment.id, "confirm")).toMatchObject({ status: 200, body: { payment: { status: "succeeded" } } });
      await expectCapturedOnce(payment.id);
    });

    it("the event five times after the confirmation", async () => {
      const { payment, succeeded } = await awaitingConfirmation();
      await t.act(payment.id, "confirm");
      const event = succeeded();
      for (let i = 0; i < 5; i++) expect((await t.webhook(event)).status).toBe(200);
      await expectCapturedOnce(payment.id);
    });

    it("distinct events that each report the success, with two confirmations, all at once", async () => {
      const rounds = await Promise.all(Array.from({ length: 8 }, () => awaitingConfirmation()));
      await Promise.all(
        rounds.map(async ({ payment, succeeded }) => {
          const results = await Promise.all([
            t.act(payment.id, "confirm"),
            t.act(payment.id, "confirm"),
            ...Array.from({ length: 5 }, async () => ({ status: (await t.webhook(succeeded())).status })),
          ]);
          expect(results.map((r) => r.status)).toEqual(Array.from({ length: 7 }, () => 200));
          await expectCapturedOnce(payment.id);
        }),
      );
    });
  });

  it("ignores a late report of an earlier state", async () => {
    const { payment, charge } = await awaitingConfirmation();
    await t.act(payment.id, "confirm");
    const stale = eventBody(`evt_${crypto.randomUUID().replaceAll("-", "")}`, { ref: charge.id, reference: payment.id, status: "requires_action", amount: 3100, currency: "USD" });
    expect((await t.webhook(stale)).status).toBe(200);
    const types = (await eventsFor(t.db, payment.id)).map((e) => e.type);
    expect(types).toEqual(["payment.requires_action", "payment.succeeded"]);
  });

  it("ignores a report whose amount is not the payment's", async () => {
    const { payment, charge } = await awaitingConfirmation();
    const wrong = eventBody(`evt_${crypto.randomUUID().replaceAll("-", "")}`, { ref: charge.id, reference: payment.id, status: "succeeded", amount: 1, currency: "USD" });
    expect((await t.webhook(wrong)).status).toBe(200);
    expect(await capturesFor(t.db, payment.id)).toBe(0);
  });

  it("accepts, records and ignores an event about a payment it never made", async () => {
    const event = eventBody("evt_unknownpayment0001", { ref: "ch_nope", reference: "pay_nope", status: "succeeded", amount: 100, currency: "USD" });
    const res = await t.webhook(event);
    expect(res.status).toBe(200);
    expect(await t.db.select().from(webhookReceipts).where(eq(webhookReceipts.eventId, event.id))).toHaveLength(1);
  });
});
