import { describe, expect, it } from "vitest";
import { isFullyShipped, planFulfilment, remainingByLine } from "./fulfilment.ts";

const ordered = [
  { position: 0, quantity: 3 },
  { position: 1, quantity: 1 },
];

describe("what is left to ship", () => {
  it("is what was ordered less every earlier shipment, per line", () => {
    expect(remainingByLine(ordered, [])).toEqual(ordered);
    expect(
      remainingByLine(ordered, [
        { position: 0, quantity: 1 },
        { position: 0, quantity: 1 },
      ]),
    ).toEqual([
      { position: 0, quantity: 1 },
      { position: 1, quantity: 1 },
    ]);
  });

  it("calls an order shipped only when every unit of every line has gone", () => {
    expect(isFullyShipped(ordered, [{ position: 0, quantity: 3 }])).toBe(false);
    expect(
      isFullyShipped(ordered, [
        { position: 0, quantity: 3 },
        { position: 1, quantity: 1 },
      ]),
    ).toBe(true);
  });
});

describe("planning a fulfilment", () => {
  it("ships everything not yet shipped when no lines are named, and completes the order", () => {
    expect(planFulfilment(ordered, [{ position: 0, quantity: 2 }])).toEqual({
      ok: true,
      lines: [
        { position: 0, quantity: 1 },
        { position: 1, quantity: 1 },
      ],
      complete: true,
    });
  });

  it("ships part of a line and leaves the order incomplete, then completes it with the rest", () => {
    const first = planFulfilment(ordered, [], [{ position: 0, quantity: 2 }]);
    expect(first).toEqual({ ok: true, lines: [{ position: 0, quantity: 2 }], complete: false });
    const second = planFulfilment(
      ordered,
      [{ position: 0, quantity: 2 }],
      [
        { position: 1, quantity: 1 },
        { position: 0, quantity: 1 },
      ],
    );
    expect(second).toEqual({
      ok: true,
      lines: [
        { position: 0, quantity: 1 },
        { position: 1, quantity: 1 },
      ],
      complete: true,
    });
  });

  it("refuses more than is left of a line, naming the request's line and field", () => {
    expect(planFulfilment(ordered, [{ position: 0, quantity: 2 }], [{ position: 1, quantity: 1 }, { position: 0, quantity: 2 }])).toEqual({
      ok: false,
      reason: "invalid",
      problems: [{ path: "lines.1.quantity", message: "only 1 of line 0 is left to ship" }],
    });
  });

  it("refuses a line the order does not have, and a line named twice", () => {
    const plan = planFulfilment(
      ordered,
      [],
      [
        { position: 7, quantity: 1 },
        { position: 0, quantity: 1 },
        { position: 0, quantity: 1 },
      ],
    );
    expect(plan).toEqual({
      ok: false,
      reason: "invalid",
      problems: [
        { path: "lines.0.position", message: "the order has no line 7" },
        { path: "lines.2.position", message: "line 0 is named more than once" },
      ],
    });
  });

  it("says nothing is left when every unit has shipped, whatever is asked", () => {
    const all = [
      { position: 0, quantity: 3 },
      { position: 1, quantity: 1 },
    ];
    expect(planFulfilment(ordered, all)).toEqual({ ok: false, reason: "nothing_left" });
    expect(planFulfilment(ordered, all, [{ position: 0, quantity: 1 }])).toEqual({ ok: false, reason: "nothing_left" });
  });
});
