import { describe, expect, it } from "vitest";
import { ABANDONED_AFTER_MS, ABANDONED_SWEEP_INTERVAL_MS, CHECKOUT_LOCK_TTL_MS } from "../../../contracts/limits.ts";
import { PAYMENT_LEASE_MS } from "../payment-step.ts";

/**
 * The cart's checkout hold and this service's abandoned-order sweep must agree: while an order
 * may still be paid, its cart stays held, so the shopper cannot check the same cart out twice.
 */
describe("the cart hold and the abandoned-order sweep", () => {
  it("holds a cart until its unpaid order has been swept (30 min, a sweep each minute, a payment lease)", () => {
    expect(CHECKOUT_LOCK_TTL_MS).toBeGreaterThan(ABANDONED_AFTER_MS + ABANDONED_SWEEP_INTERVAL_MS + PAYMENT_LEASE_MS);
  });
});
