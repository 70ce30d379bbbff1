import { describe, expect, it } from "vitest";
import { DEMO_PROMOTIONS, evaluatePromotions, findPromotion, type PromotionDefinition } from "./promotions.ts";

const usd = { currency: "USD" as const };
const cart = (...totals: number[]) => totals.map((unitPrice) => ({ unitPrice, quantity: 1 }));

describe("promotion codes", () => {
  it("WELCOME10 takes 10% off the subtotal, rounded to the cent", () => {
    expect(evaluatePromotions(cart(1999, 1000), ["WELCOME10"], DEMO_PROMOTIONS, usd)).toEqual([
      expect.objectContaining({ code: "WELCOME10", applies: true, amount: 300, freeShipping: false }),
    ]);
  });

  it("SAVE5 takes 5.00 off from 50.00, and explains itself below that", () => {
    expect(evaluatePromotions(cart(5000), ["SAVE5"], DEMO_PROMOTIONS, usd)[0]).toMatchObject({ applies: true, amount: 500 });
    const below = evaluatePromotions(cart(4999), ["SAVE5"], DEMO_PROMOTIONS, usd)[0];
    expect(below).toMatchObject({ applies: false, amount: 0 });
    expect(below?.reason).toContain("$50.00");
  });

  it("FREESHIP waives shipping without a money discount", () => {
    expect(evaluatePromotions(cart(100), ["FREESHIP"], DEMO_PROMOTIONS, usd)[0]).toMatchObject({ applies: true, amount: 0, freeShipping: true });
  });

  it("matches codes case-insensitively, answering with the canonical code", () => {
    expect(findPromotion(" welcome10 ", DEMO_PROMOTIONS)?.code).toBe("WELCOME10");
    expect(evaluatePromotions(cart(1000), ["welcome10"], DEMO_PROMOTIONS, usd)[0]?.code).toBe("WELCOME10");
  });

  it("reports unknown codes as not applying", () => {
    expect(evaluatePromotions(cart(1000), ["NOPE"], DEMO_PROMOTIONS, usd)[0]).toMatchObject({ applies: false, amount: 0 });
  });

  it("never discounts more than the goods, however many codes stack", () => {
    const big: PromotionDefinition[] = [
      { code: "HALF", kind: "percentage", basisPoints: 5000, description: "" },
      { code: "TENOFF", kind: "fixed_amount", amountOff: { USD: 1000 }, description: "" },
    ];
    const results = evaluatePromotions(cart(1200), ["HALF", "TENOFF"], big, usd);
    expect(results.map((r) => r.amount)).toEqual([600, 600]);
  });

  it("does not apply a fixed amount in a currency it has no amount for", () => {
    const defs: PromotionDefinition[] = [{ code: "USONLY", kind: "fixed_amount", amountOff: { USD: 500 }, description: "" }];
    expect(evaluatePromotions(cart(9000), ["USONLY"], defs, { currency: "EUR" })[0]).toMatchObject({ applies: false });
  });

  it("does nothing for an empty cart", () => {
    expect(evaluatePromotions([], ["WELCOME10"], DEMO_PROMOTIONS, usd)[0]).toMatchObject({ applies: false, amount: 0 });
  });
});
