import { describe, expect, it } from "vitest";
import { awaitsConfirmation, checkoutAnswer, checkoutDeclined, endedUnpaid, isSold, ORDER_STATUSES, type OrderStatus } from "./order-state.ts";

/** The questions every part of edgeshop asks of an order, answered once. */
const waiting = (status: string | null, orderStatus: OrderStatus = "pending_payment") => ({
  id: "ord_1",
  status: orderStatus,
  payment: status === null ? null : { id: "pay_1", status },
});

describe("what an order's status means", () => {
  it("ended unpaid: payment failed, or cancelled before payment; nothing else", () => {
    expect(ORDER_STATUSES.filter(endedUnpaid)).toEqual(["cancelled", "payment_failed"]);
  });

  it("sold: paid and whatever came after it (shipping, refunds); never waiting or ended unpaid", () => {
    expect(ORDER_STATUSES.filter(isSold)).toEqual(["paid", "fulfilled", "delivered", "refunded", "partially_refunded"]);
  });

  it("every status is exactly one of waiting for payment, sold, ended unpaid", () => {
    for (const status of ORDER_STATUSES) {
      expect([status === "pending_payment", isSold(status), endedUnpaid(status)].filter(Boolean)).toHaveLength(1);
    }
  });

  it("a declined checkout is one whose order ended unpaid (the API's 402)", () => {
    expect(ORDER_STATUSES.filter(checkoutDeclined)).toEqual(ORDER_STATUSES.filter(endedUnpaid));
  });
});

describe("awaitsConfirmation", () => {
  it("is true only while the order waits for payment and its payment asks the shopper for action", () => {
    expect(awaitsConfirmation(waiting("requires_action"))).toBe(true);
    expect(awaitsConfirmation(waiting("processing"))).toBe(false);
    expect(awaitsConfirmation(waiting(null))).toBe(false);
    expect(awaitsConfirmation(waiting("requires_action", "cancelled"))).toBe(false);
    expect(awaitsConfirmation(waiting("requires_action", "paid"))).toBe(false);
  });
});

describe("checkoutAnswer", () => {
  it("adds the confirmation step, naming the payment, when the order awaits confirmation", () => {
    const order = waiting("requires_action");
    expect(checkoutAnswer(order)).toEqual({ order, nextAction: { type: "confirm_payment", paymentId: "pay_1" } });
  });

  it("is the order alone otherwise (no nextAction key at all)", () => {
    for (const order of [waiting("succeeded", "paid"), waiting("failed", "payment_failed"), waiting(null), waiting("processing")]) {
      expect(checkoutAnswer(order)).toStrictEqual({ order });
    }
  });
});
