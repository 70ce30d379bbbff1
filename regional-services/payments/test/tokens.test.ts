import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedFetch } from "../../../platform/signed-fetch.ts";
import { signRequest } from "../../../platform/signing.ts";
import { TEST_CARDS } from "../providers/sandbox-cards.ts";
import { sandboxTokens } from "../schema.ts";
import { availableDrivers, CARD, startTestService, type TestService } from "./harness.ts";

const drivers = await availableDrivers();
const thisYear = new Date().getUTCFullYear();

describe.each(drivers)("POST /payments/tokens (%s)", (driver) => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService(driver);
  });
  afterAll(async () => {
    await t.close();
  });

  it("turns a card into a random token with its brand and last four digits", async () => {
    const first = await t.tokenize("4242 4242 4242 4242");
    const second = await t.tokenize("4242424242424242");
    expect(first).toEqual({ token: expect.stringMatching(/^tok_[0-9a-f]{32}$/), brand: "visa", last4: "4242" });
    expect(second.token).not.toBe(first.token);
    expect(await t.tokenize("5555 5555 5555 4444")).toMatchObject({ brand: "mastercard", last4: "4444" });
    expect(await t.tokenize("3782 822463 10005", { cvc: "1234" })).toMatchObject({ brand: "amex", last4: "0005" });
  });

  it("keeps brand, last4, expiry and the test behaviour — nothing else about the card", async () => {
    const { token } = await t.tokenize(TEST_CARDS.requiresAction);
    const [row] = await t.db.select().from(sandboxTokens).where(eq(sandboxTokens.token, token));
    expect(row).toEqual({ token, brand: "visa", last4: "3184", expMonth: CARD.expMonth, expYear: CARD.expYear, behaviour: "require_action", createdAt: expect.any(Date) });
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ["a number failing the Luhn check", { card: "4242424242424241" }, "card"],
    ["a number too short to be a card", { card: "4242" }, "card"],
    ["letters in the number", { card: "4242abcd42424242" }, "card"],
    ["a card that expired last month", { expMonth: 1, expYear: thisYear - 1 }, "expYear"],
    ["month 13", { expMonth: 13 }, "expMonth"],
    ["a year far in the future", { expYear: thisYear + 40 }, "expYear"],
    ["a two-digit cvc", { cvc: "12" }, "cvc"],
    ["a three-digit cvc on an amex", { card: "378282246310005", cvc: "123" }, "cvc"],
    ["a missing cvc", { cvc: undefined }, "cvc"],
    ["a number sent as a JSON number", { card: 4242424242424242 }, "card"],
    ["a fractional month", { expMonth: 1.5 }, "expMonth"],
  ];

  it.each(invalid)("refuses %s with a 400 naming the field", async (_what, change, field) => {
    const res = await t.asEdge("/payments/tokens", { card: TEST_CARDS.succeeds, ...CARD, ...change });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; details: { issues: { path: string }[] } } };
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.message.startsWith(field)).toBe(true);
    expect(body.error.details.issues.map((i) => i.path)).toContain(field);
  });

  it("refuses unknown fields and a body that is not JSON", async () => {
    const extra = await t.asEdge("/payments/tokens", { card: TEST_CARDS.succeeds, ...CARD, name: "Ada" });
    expect(extra.status).toBe(400);
    const headers = await signRequest(t.raw.EDGE_SIGNING_SECRET, "POST", "/payments/tokens", "{nope");
    const res = await fetch(`${t.url}/payments/tokens`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: "{nope" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "BAD_REQUEST" } });
  });

  it("accepts only the edge's signature", async () => {
    const body = { card: TEST_CARDS.succeeds, ...CARD };
    const unsigned = await fetch(`${t.url}/payments/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const asSibling = await signedFetch(t.raw.SERVICE_SIGNING_SECRET, t.url, "/payments/tokens", { json: body });
    expect(unsigned.status).toBe(401);
    expect(asSibling.status).toBe(401);
    expect(await asSibling.json()).toMatchObject({ error: { code: "BAD_SIGNATURE" } });
  });
});
