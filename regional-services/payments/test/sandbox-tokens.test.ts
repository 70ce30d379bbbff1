import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_SECRETS } from "../../../platform/dev-secrets.ts";
import { TEST_CARDS } from "../providers/sandbox-cards.ts";
import { SandboxProvider } from "../providers/sandbox.ts";
import { availableDrivers, CARD, openTestDatabase, type OpenedDatabase } from "./harness.ts";

/**
 * The sandbox remembers the cards it stored or read, so a checkout does not read its token's row
 * again; what it remembers must never differ from what another process reads from the table.
 */
for (const driver of await availableDrivers()) {
  describe(`sandbox cards across processes (${driver})`, () => {
    let database: OpenedDatabase;
    let tokenizing: SandboxProvider;
    let charging: SandboxProvider;

    beforeAll(async () => {
      database = await openTestDatabase(driver);
      const options = { db: database.db, webhookSecret: DEV_SECRETS.PAYMENTS_WEBHOOK_SECRET };
      tokenizing = new SandboxProvider(options);
      charging = new SandboxProvider(options);
    });
    afterAll(() => database.close());

    it("describes and charges a card another process tokenised, as that process would", async () => {
      const method = await tokenizing.tokenize({ number: TEST_CARDS.declined, ...CARD });
      expect(await charging.paymentMethod(method.token)).toEqual(await tokenizing.paymentMethod(method.token));
      expect(await charging.paymentMethod(method.token)).toEqual(method);
      const charge = await charging.createPayment({ reference: "pay_elsewhere", amount: 100, currency: "USD", token: method.token });
      expect(charge).toMatchObject({ reference: "pay_elsewhere", status: "failed", failureReason: "card_declined" });
    });

    it("knows no token it never stored", async () => {
      expect(await charging.paymentMethod("tok_00000000000000000000000000000000")).toBeUndefined();
      await expect(charging.createPayment({ reference: "pay_unknown", amount: 100, currency: "USD", token: "tok_00000000000000000000000000000000" })).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
        message: "token: unknown payment token",
      });
    });

    it("charges a reference once, and refuses it for another amount", async () => {
      const { token } = await tokenizing.tokenize({ number: TEST_CARDS.succeeds, ...CARD });
      const request = { reference: "pay_once", amount: 100, currency: "USD" as const, token };
      const [first, second] = await Promise.all([charging.createPayment(request), tokenizing.createPayment(request)]);
      expect(second).toEqual(first);
      await expect(charging.createPayment({ ...request, amount: 101 })).rejects.toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED" });
    });
  });
}
