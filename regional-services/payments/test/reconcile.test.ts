import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_SECRETS } from "../../../platform/dev-secrets.ts";
import type { PaymentsDeps } from "../deps.ts";
import { newId } from "../ids.ts";
import { TEST_CARDS } from "../providers/sandbox-cards.ts";
import { SandboxProvider } from "../providers/sandbox.ts";
import { reconcilePayments } from "../reconcile.ts";
import { applyCharge } from "../transitions.ts";
import { payments, sandboxCharges, sandboxWebhookEvents, type PaymentRow } from "../schema.ts";
import { availableDrivers, capturesFor, CARD, eventsFor, openTestDatabase, type OpenedDatabase } from "./harness.ts";

/**
 * A payment stays in `processing` when the service dies between asking the provider and writing
 * the answer, and the provider's webhook is lost as well. Reconciliation asks the provider and
 * brings the payment to where the charge really stands: once, however often and on however many
 * instances it runs.
 */
const STUCK_AFTER_MS = 1_000;

for (const driver of await availableDrivers()) {
  describe(`payment reconciliation (${driver})`, () => {
    let database: OpenedDatabase;
    let deps: PaymentsDeps;
    let provider: SandboxProvider;

    beforeAll(async () => {
      database = await openTestDatabase(driver);
      // No webhook dispatcher at all: every webhook the sandbox stores is, in effect, lost.
      provider = new SandboxProvider({ db: database.db, webhookSecret: DEV_SECRETS.PAYMENTS_WEBHOOK_SECRET });
      deps = { db: database.db, provider };
    });
    afterAll(() => database.close());

    /** A payment row as createPayment inserts it, left in processing for `ageMs`. */
    async function stuckPayment(card: string, ageMs = 5_000): Promise<PaymentRow> {
      const method = await provider.tokenize({ number: card, ...CARD });
      const [row] = await database.db
        .insert(payments)
        .values({ id: newId("pay"), orderId: `ord_${randomUUID()}`, idempotencyKey: randomUUID(), amount: 2500, currency: "USD", provider: "sandbox", token: method.token, brand: method.brand, last4: method.last4 })
        .returning();
      if (!row) throw new Error("no payment inserted");
      await database.db.update(payments).set({ updatedAt: sql`now() - (${ageMs} * interval '1 millisecond')` }).where(eq(payments.id, row.id));
      return row;
    }

    /** The provider charged, then the service died before writing the answer. */
    async function chargedButNotRecorded(row: PaymentRow): Promise<void> {
      await provider.createPayment({ reference: row.id, amount: row.amount, currency: "USD", token: row.token });
    }

    const statusOf = async (id: string) => (await database.db.select().from(payments).where(eq(payments.id, id)))[0]?.status;
    const chargesFor = async (id: string) => (await database.db.select().from(sandboxCharges).where(eq(sandboxCharges.reference, id))).length;

    it("moves a payment the provider charged to succeeded, with one capture and one event", async () => {
      const row = await stuckPayment(TEST_CARDS.succeeds);
      await chargedButNotRecorded(row);

      const result = await reconcilePayments(deps, { stuckAfterMs: STUCK_AFTER_MS });

      expect(result).toEqual({ examined: 1, moved: 1, failed: 0 });
      expect(await statusOf(row.id)).toBe("succeeded");
      expect(await capturesFor(database.db, row.id)).toBe(1);
      expect((await eventsFor(database.db, row.id)).map((e) => e.type)).toEqual(["payment.succeeded"]);
      expect(await chargesFor(row.id)).toBe(1);
    });

    it("moves a payment the provider declined to failed with the provider's reason, and captures nothing", async () => {
      const row = await stuckPayment(TEST_CARDS.declined);
      await chargedButNotRecorded(row);

      await reconcilePayments(deps, { stuckAfterMs: STUCK_AFTER_MS });

      const [after] = await database.db.select().from(payments).where(eq(payments.id, row.id));
      expect(after).toMatchObject({ status: "failed", failureReason: "card_declined" });
      expect(await capturesFor(database.db, row.id)).toBe(0);
      expect((await eventsFor(database.db, row.id)).map((e) => e.type)).toEqual(["payment.failed"]);
    });

    it("charges, once, a payment the provider never received (the service died before asking)", async () => {
      const row = await stuckPayment(TEST_CARDS.succeeds);
      expect(await chargesFor(row.id)).toBe(0);

      await reconcilePayments(deps, { stuckAfterMs: STUCK_AFTER_MS });

      expect(await statusOf(row.id)).toBe("succeeded");
      expect(await chargesFor(row.id)).toBe(1);
      expect(await capturesFor(database.db, row.id)).toBe(1);
    });

    // Regression (found by npm run test:faults): failing such a payment instead raced the shopper's
    // retried request, whose charge then landed on a failed payment — money taken, nothing captured.
    it("leaves no charge uncaptured when a retried request reaches the provider after reconciliation", async () => {
      const row = await stuckPayment(TEST_CARDS.succeeds);

      await reconcilePayments(deps, { stuckAfterMs: STUCK_AFTER_MS });
      const late = await provider.createPayment({ reference: row.id, amount: row.amount, currency: "USD", token: row.token });
      await applyCharge(database.db, row, late);

      expect(await chargesFor(row.id)).toBe(1);
      expect(await statusOf(row.id)).toBe("succeeded");
      expect(await capturesFor(database.db, row.id)).toBe(1);
    });

    it("leaves alone a payment that has been processing for less than the threshold", async () => {
      const row = await stuckPayment(TEST_CARDS.succeeds, 0);
      await chargedButNotRecorded(row);

      await reconcilePayments(deps, { stuckAfterMs: 60_000 });

      expect(await statusOf(row.id)).toBe("processing");
      await database.db.delete(sandboxWebhookEvents).where(eq(sandboxWebhookEvents.chargeId, (await provider.findCharge(row.id))?.ref ?? ""));
      await database.db.delete(sandboxCharges).where(eq(sandboxCharges.reference, row.id));
      await database.db.delete(payments).where(eq(payments.id, row.id));
    });

    it("changes nothing more when run again, and nothing twice when two instances run at once", async () => {
      const rows = await Promise.all(Array.from({ length: 6 }, () => stuckPayment(TEST_CARDS.succeeds)));
      // Half were charged before the crash, half never reached the provider.
      for (const row of rows.slice(0, 3)) await chargedButNotRecorded(row);

      const [a, b] = await Promise.all([reconcilePayments(deps, { stuckAfterMs: STUCK_AFTER_MS }), reconcilePayments(deps, { stuckAfterMs: STUCK_AFTER_MS })]);
      expect(a.moved + b.moved).toBe(6);
      expect(a.failed + b.failed).toBe(0);

      // Later passes, even once the claim has lapsed, find nothing left in processing.
      await database.db.update(payments).set({ updatedAt: sql`now() - interval '1 hour'` });
      const again = await reconcilePayments(deps, { stuckAfterMs: STUCK_AFTER_MS });
      expect(again).toEqual({ examined: 0, moved: 0, failed: 0 });

      for (const row of rows) {
        expect(await statusOf(row.id)).toBe("succeeded");
        expect(await capturesFor(database.db, row.id)).toBe(1);
        expect(await chargesFor(row.id)).toBe(1);
        expect((await eventsFor(database.db, row.id)).map((e) => e.type)).toEqual(["payment.succeeded"]);
      }
    });
  });
}
