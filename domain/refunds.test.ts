import { describe, expect, it } from "vitest";
import { checkRefundLimit, paidForUnits, refundEvent, refundForLines, refundLimitOf, type RefundableLine } from "./refunds.ts";

const lines: RefundableLine[] = [
  { position: 0, quantity: 3, lineTotal: 3000, discount: 1000 },
  { position: 1, quantity: 1, lineTotal: 1500, discount: 0 },
];
const none = new Map<number, number>();

describe("refunding by lines", () => {
  it("refunds a line's units at what they were paid after the line's discount", () => {
    expect(refundForLines(lines, none, [{ position: 1, quantity: 1 }])).toEqual({ ok: true, amount: 1500, lines: [{ position: 1, quantity: 1, amount: 1500 }] });
    expect(refundForLines(lines, none, [{ position: 0, quantity: 3 }])).toMatchObject({ ok: true, amount: 2000 });
  });

  it("adds the lines up", () => {
    expect(refundForLines(lines, none, [{ position: 0, quantity: 1 }, { position: 1, quantity: 1 }])).toMatchObject({ ok: true, amount: 666 + 1500 });
  });

  it("gives back exactly what a line was paid when its units are refunded one at a time", () => {
    const refunded = new Map<number, number>();
    let total = 0;
    for (let i = 0; i < 3; i++) {
      const r = refundForLines(lines, refunded, [{ position: 0, quantity: 1 }]);
      if (!r.ok) throw new Error(r.message);
      total += r.amount;
      refunded.set(0, i + 1);
    }
    expect(total).toBe(2000);
    expect([paidForUnits(lines[0] as RefundableLine, 1), paidForUnits(lines[0] as RefundableLine, 3)]).toEqual([666, 2000]);
  });

  it("refuses a position not on the order, a line named twice, and more units than are left, naming the field", () => {
    expect(refundForLines(lines, none, [{ position: 7, quantity: 1 }])).toMatchObject({ ok: false, field: "lines.0.position" });
    expect(refundForLines(lines, none, [{ position: 1, quantity: 1 }, { position: 1, quantity: 1 }])).toMatchObject({ ok: false, field: "lines.1.position" });
    expect(refundForLines(lines, none, [{ position: 0, quantity: 4 }])).toMatchObject({ ok: false, field: "lines.0.quantity" });
    expect(refundForLines(lines, new Map([[1, 1]]), [{ position: 1, quantity: 1 }])).toMatchObject({ ok: false, field: "lines.0.quantity" });
    expect(refundForLines(lines, none, [{ position: 0, quantity: 0 }])).toMatchObject({ ok: false, field: "lines.0.quantity" });
    expect(refundForLines(lines, none, [])).toMatchObject({ ok: false, field: "lines" });
  });
});

describe("the refund limit", () => {
  it("leaves the owner unlimited and holds fulfilment staff and API tokens to the limit per refund", () => {
    expect(refundLimitOf({ kind: "staff", role: "owner" }, 10_000)).toBeUndefined();
    expect(refundLimitOf({ kind: "staff", role: "fulfilment" }, 10_000)).toBe(10_000);
    expect(refundLimitOf({ kind: "token" }, 5_000)).toBe(5_000);
  });

  it("allows up to the limit and refuses above it, saying what the limit is", () => {
    const fulfilment = { kind: "staff", role: "fulfilment" } as const;
    expect(checkRefundLimit(fulfilment, 10_000, 10_000)).toEqual({ ok: true });
    expect(checkRefundLimit(fulfilment, 10_001, 10_000)).toEqual({ ok: false, limit: 10_000 });
    expect(checkRefundLimit({ kind: "token" }, 10_001, 10_000)).toEqual({ ok: false, limit: 10_000 });
    expect(checkRefundLimit({ kind: "staff", role: "owner" }, 1_000_000, 10_000)).toEqual({ ok: true });
  });
});

describe("which order event a refund is", () => {
  it("is a partial refund until everything captured is refunded", () => {
    expect(refundEvent(1000, 4500)).toBe("partial_refund");
    expect(refundEvent(4500, 4500)).toBe("refund");
  });
});
