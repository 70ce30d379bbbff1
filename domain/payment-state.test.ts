import { describe, expect, it } from "vitest";
import { awaitsShopper, isPaymentStatus, isSettled, PAYMENT_STATUSES } from "./payment-state.ts";

describe("what a payment's status means", () => {
  it("settled: succeeded, failed or cancelled, which a payment never leaves", () => {
    expect(PAYMENT_STATUSES.filter(isSettled)).toEqual(["succeeded", "failed", "cancelled"]);
  });

  it("awaits the shopper only at requires_action", () => {
    expect(PAYMENT_STATUSES.filter(awaitsShopper)).toEqual(["requires_action"]);
    expect(awaitsShopper(null)).toBe(false);
  });

  it("recognises its own statuses and nothing else", () => {
    expect(PAYMENT_STATUSES.every(isPaymentStatus)).toBe(true);
    expect(isPaymentStatus("refunded")).toBe(false);
    expect(isPaymentStatus(42)).toBe(false);
  });
});
