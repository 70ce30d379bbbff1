import { describe, expect, it } from "vitest";
import { cardBrand, checkCard, cvcValid, isExpired, last4, luhnValid, normalizeCardNumber, yearMonthOf } from "./cards.ts";

const today = { year: 2026, month: 5 };
const card = (number: string, extra: Partial<{ expMonth: number; expYear: number; cvc: string }> = {}) => ({
  number,
  expMonth: 12,
  expYear: 2030,
  cvc: "123",
  ...extra,
});

describe("card numbers", () => {
  it("accepts numbers typed with spaces or hyphens and refuses anything else", () => {
    expect(normalizeCardNumber("4242 4242 4242 4242")).toBe("4242424242424242");
    expect(normalizeCardNumber("4242-4242-4242-4242")).toBe("4242424242424242");
    expect(normalizeCardNumber("4242x4242")).toBeUndefined();
    expect(normalizeCardNumber("12345678901")).toBeUndefined();
    expect(normalizeCardNumber("12345678901234567890")).toBeUndefined();
  });

  it("passes the Luhn check only for a correct check digit", () => {
    expect(luhnValid("4242424242424242")).toBe(true);
    expect(luhnValid("4000002760003184")).toBe(true);
    expect(luhnValid("378282246310005")).toBe(true);
    expect(luhnValid("4242424242424241")).toBe(false);
    expect(luhnValid("")).toBe(false);
    expect(luhnValid("42a2")).toBe(false);
  });

  it("names the network from the issuer prefix", () => {
    expect(cardBrand("4242424242424242")).toBe("visa");
    expect(cardBrand("5555555555554444")).toBe("mastercard");
    expect(cardBrand("2223003122003222")).toBe("mastercard");
    expect(cardBrand("378282246310005")).toBe("amex");
    expect(cardBrand("6011111111111117")).toBe("discover");
    expect(cardBrand("6445644564456445")).toBe("discover");
    expect(cardBrand("3056930009020004")).toBe("unknown");
  });

  it("keeps only the last four digits for display", () => {
    expect(last4("4000002760003184")).toBe("3184");
  });
});

describe("expiry and cvc", () => {
  it("treats a card as valid through the end of its expiry month", () => {
    expect(isExpired(5, 2026, today)).toBe(false);
    expect(isExpired(4, 2026, today)).toBe(true);
    expect(isExpired(1, 2025, today)).toBe(true);
    expect(isExpired(1, 27, today)).toBe(false);
  });

  it("wants four cvc digits for amex and three for the others", () => {
    expect(cvcValid("1234", "amex")).toBe(true);
    expect(cvcValid("123", "amex")).toBe(false);
    expect(cvcValid("123", "visa")).toBe(true);
    expect(cvcValid("1234", "visa")).toBe(false);
    expect(cvcValid("12a", "visa")).toBe(false);
  });

  it("reads today's month in UTC", () => {
    expect(yearMonthOf(new Date("2026-12-31T23:30:00Z"))).toEqual({ year: 2026, month: 12 });
  });
});

describe("checkCard", () => {
  it("returns the normalised card with brand and last4", () => {
    expect(checkCard(card("4242 4242 4242 4242", { expYear: 30 }), today)).toEqual({
      ok: true,
      card: { number: "4242424242424242", brand: "visa", last4: "4242", expMonth: 12, expYear: 2030 },
    });
  });

  it("names the first field that fails, without echoing the number", () => {
    const cases = [
      [card("4242"), "card"],
      [card("4242424242424241"), "card"],
      [card("4242424242424242", { expMonth: 13 }), "expMonth"],
      [card("4242424242424242", { expMonth: 0 }), "expMonth"],
      [card("4242424242424242", { expYear: 2090 }), "expYear"],
      [card("4242424242424242", { expMonth: 4, expYear: 2026 }), "expYear"],
      [card("4242424242424242", { cvc: "12" }), "cvc"],
      [card("378282246310005", { cvc: "123" }), "cvc"],
    ] as const;
    for (const [input, field] of cases) {
      const result = checkCard(input, today);
      expect(result).toMatchObject({ ok: false, field });
      if (!result.ok) expect(result.message).not.toContain(input.number.slice(0, 6));
    }
  });
});
