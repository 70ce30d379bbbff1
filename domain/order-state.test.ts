import { describe, expect, it } from "vitest";
import { ORDER_EVENTS, ORDER_STATUSES, acceptsShipments, awaitsPayment, holdSettlement, isOrderStatus, transition, type OrderEvent, type OrderStatus } from "./order-state.ts";

const moved = (from: OrderStatus, event: OrderEvent) => {
  const t = transition(from, event);
  return t.ok && t.changed ? t.to : t.ok ? "unchanged" : "refused";
};

describe("order state machine", () => {
  it("settles a pending order by its payment's outcome", () => {
    expect(moved("pending_payment", "payment_succeeded")).toBe("paid");
    expect(moved("pending_payment", "payment_failed")).toBe("payment_failed");
    expect(moved("pending_payment", "payment_cancelled")).toBe("cancelled");
    expect(moved("pending_payment", "cancel")).toBe("cancelled");
  });

  it("keeps an order waiting when the payment asks for an extra step", () => {
    expect(transition("pending_payment", "payment_requires_action")).toEqual({ ok: true, changed: false, status: "pending_payment" });
  });

  it("walks a paid order through fulfilment, delivery and refunds", () => {
    expect(moved("paid", "fulfil")).toBe("fulfilled");
    expect(moved("fulfilled", "deliver")).toBe("delivered");
    expect(moved("delivered", "partial_refund")).toBe("partially_refunded");
    expect(moved("partially_refunded", "refund")).toBe("refunded");
    expect(moved("paid", "refund")).toBe("refunded");
  });

  it("still ships and delivers an order after a partial refund (one damaged item must not hold back the rest)", () => {
    expect(moved("paid", "partial_refund")).toBe("partially_refunded");
    expect(moved("partially_refunded", "fulfil")).toBe("fulfilled");
    expect(moved("partially_refunded", "deliver")).toBe("delivered");
    expect(moved("fulfilled", "partial_refund")).toBe("partially_refunded");
    expect(moved("delivered", "partial_refund")).toBe("partially_refunded");
    // Refunding the rest still ends it.
    expect(moved("partially_refunded", "refund")).toBe("refunded");
  });

  it("accepts shipments only for paid orders, partially refunded or not", () => {
    expect(ORDER_STATUSES.filter(acceptsShipments)).toEqual(["paid", "partially_refunded"]);
  });

  it("reports a repeated event as unchanged, so a duplicate delivery does nothing", () => {
    expect(transition("paid", "payment_succeeded")).toEqual({ ok: true, changed: false, status: "paid" });
    expect(moved("payment_failed", "payment_failed")).toBe("unchanged");
    expect(moved("cancelled", "cancel")).toBe("unchanged");
    expect(moved("cancelled", "payment_cancelled")).toBe("unchanged");
    expect(moved("refunded", "refund")).toBe("unchanged");
    expect(moved("partially_refunded", "partial_refund")).toBe("unchanged");
  });

  it("treats a late payment success on an order already past payment as already applied", () => {
    for (const status of ["fulfilled", "delivered", "refunded", "partially_refunded"] as const) {
      expect(moved(status, "payment_succeeded")).toBe("unchanged");
    }
  });

  it("refuses contradictions with a value naming the status and the event", () => {
    expect(transition("paid", "payment_failed")).toEqual({
      ok: false,
      code: "ILLEGAL_TRANSITION",
      from: "paid",
      event: "payment_failed",
      message: "an order that is paid cannot take payment failed",
    });
    expect(moved("payment_failed", "payment_succeeded")).toBe("refused");
    expect(moved("cancelled", "payment_succeeded")).toBe("refused");
    expect(moved("paid", "cancel")).toBe("refused");
    expect(moved("pending_payment", "fulfil")).toBe("refused");
    expect(moved("delivered", "fulfil")).toBe("unchanged");
    expect(moved("refunded", "partial_refund")).toBe("refused");
  });

  it("gives units back only when a pending order fails or is cancelled", () => {
    const releasing: string[] = [];
    for (const status of ORDER_STATUSES) {
      for (const event of ORDER_EVENTS) {
        const t = transition(status, event);
        if (t.ok && t.changed && t.releasesStock) releasing.push(`${status}->${t.to}`);
      }
    }
    expect(releasing.sort()).toEqual(["pending_payment->cancelled", "pending_payment->cancelled", "pending_payment->payment_failed"]);
  });

  it("has no way out of a terminal status", () => {
    for (const status of ["cancelled", "payment_failed", "refunded"] as const) {
      for (const event of ORDER_EVENTS) {
        const t = transition(status, event);
        expect(t.ok && t.changed).toBe(false);
      }
    }
  });

  it("knows its statuses and which await payment", () => {
    expect(isOrderStatus("paid")).toBe(true);
    expect(isOrderStatus("shipped")).toBe(false);
    expect(ORDER_STATUSES.filter(awaitsPayment)).toEqual(["pending_payment"]);
  });
});

describe("settling the cart hold an order was placed under", () => {
  it("empties the cart for a sold order, lets it go for an unpaid one, and waits while the payment is open", () => {
    const settlement = Object.fromEntries(ORDER_STATUSES.map((s) => [s, holdSettlement(s)]));
    expect(settlement).toEqual({
      pending_payment: "wait",
      paid: "complete",
      fulfilled: "complete",
      delivered: "complete",
      refunded: "complete",
      partially_refunded: "complete",
      cancelled: "release",
      payment_failed: "release",
    });
  });
});
