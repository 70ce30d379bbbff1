import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAYMENTS_EVENTS, paymentStatusOfEvent } from "../../../contracts/payments/events.ts";
import { TEST_CARDS } from "../providers/sandbox-cards.ts";
import { outbox } from "../schema.ts";
import { availableDrivers, startTestService, type TestService } from "./harness.ts";

/**
 * Contract: every event payments really publishes parses with the schema orders reads it with
 * (contracts/payments/events.ts), and names a status orders knows.
 */
const [driver = "pglite"] = await availableDrivers();

describe(`payments events match contracts/payments/events.ts (${driver})`, () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService(driver, { duplicateRate: 0 });
  });
  afterAll(async () => {
    await t.close();
  });

  const payWith = async (card: string) => t.pay(`ord_${crypto.randomUUID().replaceAll("-", "")}`, (await t.tokenize(card)).token, 4200);

  it("publishes payloads orders' schema accepts, for each outcome", async () => {
    await payWith(TEST_CARDS.succeeds);
    await payWith(TEST_CARDS.declined);
    const waiting = await payWith(TEST_CARDS.requiresAction);
    await t.act(waiting.payment.id, "cancel");

    const events = await t.db.select({ type: outbox.type, payload: outbox.payload }).from(outbox).orderBy(asc(outbox.seq));
    for (const event of events) {
      expect(paymentStatusOfEvent(event.type), event.type).toBeDefined();
      expect(PAYMENTS_EVENTS[event.type as keyof typeof PAYMENTS_EVENTS].safeParse(event.payload).error).toBeUndefined();
    }
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(["payment.succeeded", "payment.failed", "payment.requires_action", "payment.cancelled"]));
  });
});
