import { describe, expect, it } from "vitest";
import type { Offer } from "./catalog.ts";
import { priceOrder, repriceLines, unitsByVariant } from "./checkout.ts";
import { DEMO_PROMOTIONS } from "./promotions/demo.ts";
import { promotion } from "./promotions/fixtures.ts";
import { SHIPPING_RATES } from "./shipping-tax.ts";

const offer = (variantId: string, usd: number | undefined, active = true): Offer => ({
  variantId,
  productId: `prod-${variantId}`,
  productSlug: `p-${variantId}`,
  title: `Item ${variantId}`,
  sku: `SKU-${variantId}`,
  imageUrl: `/img/${variantId}.svg`,
  prices: usd === undefined ? { EUR: 100 } : { USD: usd, EUR: 100 },
  active,
});
const offers = new Map([offer("a", 2500), offer("b", 1000), offer("off", 500, false), offer("eur-only", undefined)].map((o) => [o.variantId, o]));

describe("re-pricing checkout lines", () => {
  it("prices lines the shopper saw at the current price, carrying the offer's details", () => {
    const r = repriceLines([{ variantId: "a", quantity: 2, unitPrice: 2500 }], offers, "USD");
    expect(r).toEqual({ ok: true, lines: [{ variantId: "a", productSlug: "p-a", title: "Item a", sku: "SKU-a", imageUrl: "/img/a.svg", unitPrice: 2500, quantity: 2 }] });
  });

  it("reports every price that moved, with what was seen and what it costs now", () => {
    const r = repriceLines(
      [
        { variantId: "a", quantity: 1, unitPrice: 2400 },
        { variantId: "b", quantity: 1, unitPrice: 1000 },
        { variantId: "b", quantity: 1, unitPrice: 900 },
      ],
      offers,
      "USD",
    );
    expect(r).toMatchObject({ ok: false, code: "PRICE_CHANGED", changes: [{ variantId: "a", expected: 2400, actual: 2500 }, { variantId: "b", expected: 900, actual: 1000 }] });
  });

  it("refuses unknown, inactive and unpriced variants before looking at prices", () => {
    const r = repriceLines(
      [
        { variantId: "a", quantity: 1, unitPrice: 1 },
        { variantId: "nope", quantity: 1, unitPrice: 1 },
        { variantId: "off", quantity: 1, unitPrice: 500 },
        { variantId: "eur-only", quantity: 1, unitPrice: 100 },
      ],
      offers,
      "USD",
    );
    expect(r).toMatchObject({ ok: false, code: "UNAVAILABLE", variantIds: ["nope", "off", "eur-only"] });
  });
});

describe("pricing an order", () => {
  const lines = [
    { ...offer("a", 2500), unitPrice: 2500, quantity: 2 },
    { ...offer("b", 1000), unitPrice: 1000, quantity: 1 },
  ];

  it("applies codes and reconciles totals, with per-line discount shares adding up", () => {
    const r = priceOrder(lines, ["WELCOME10"], DEMO_PROMOTIONS, "USD", "US");
    if (!r.ok) throw new Error(r.message);
    expect(r.totals.subtotal).toBe(6000);
    expect(r.totals.discountTotal).toBe(600);
    expect(r.lines.map((l) => [l.lineTotal, l.discount])).toEqual([[5000, 500], [1000, 100]]);
    expect(r.totals.shippingTotal).toBe(SHIPPING_RATES.USD.flat);
    expect(r.totals.total).toBe(r.totals.subtotal - r.totals.discountTotal + r.totals.shippingTotal + r.totals.taxTotal);
    expect(r.promotions).toEqual([
      {
        promotionId: "demo-welcome10",
        code: "WELCOME10",
        description: "10% off your order",
        amount: 600,
        shippingAmount: 0,
        freeShipping: false,
        lines: [
          { key: "0", amount: 500 },
          { key: "1", amount: 100 },
        ],
      },
    ]);
  });

  it("refuses a code that does not apply instead of silently charging more", () => {
    const r = priceOrder(lines.slice(1), ["SAVE5", "BOGUS"], DEMO_PROMOTIONS, "USD", "US");
    expect(r).toMatchObject({
      ok: false,
      code: "PROMOTION_NOT_APPLICABLE",
      promotions: [
        { code: "BOGUS", why: "unknown_code", reason: "BOGUS is not a valid code" },
        { code: "SAVE5", why: "min_subtotal", reason: "spend $50.00 to use SAVE5" },
      ],
    });
  });
});

describe("pricing an order with the orders service's context", () => {
  const lines = [{ ...offer("a", 2500), unitPrice: 2500, quantity: 2 }];
  const firstOrder = promotion({ id: "first", codes: ["FIRST"], conditions: { firstOrderOnly: true }, effect: { kind: "percentage", basisPoints: 2000 } });

  it("judges customer conditions and usage on what the orders service knows", () => {
    const ok = priceOrder(lines, ["first"], [firstOrder], "USD", "US", { customer: { id: "c1", isFirstOrder: true } });
    expect(ok).toMatchObject({ ok: true, totals: { discountTotal: 1000 } });
    const again = priceOrder(lines, ["first"], [firstOrder], "USD", "US", { customer: { id: "c1", isFirstOrder: false } });
    expect(again).toMatchObject({ ok: false, promotions: [{ code: "FIRST", why: "first_order_only" }] });
    const used = priceOrder(lines, ["FIRST"], [{ ...firstOrder, limits: { totalUses: 5 } }], "USD", "US", {
      customer: { id: "c1" },
      usage: new Map([["first", { uses: 5, customerUses: 0, spent: 0 }]]),
    });
    expect(used).toMatchObject({ ok: false, promotions: [{ code: "FIRST", why: "limit_reached" }] });
  });
});

describe("units by variant", () => {
  it("sums repeated variants and sorts by id so locks are always taken in one order", () => {
    expect(unitsByVariant([{ variantId: "z", quantity: 1 }, { variantId: "a", quantity: 2 }, { variantId: "z", quantity: 3 }])).toEqual([
      { variantId: "a", quantity: 2 },
      { variantId: "z", quantity: 4 },
    ]);
  });
});
