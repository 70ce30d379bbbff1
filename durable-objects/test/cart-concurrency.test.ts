import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newCart, variant } from "./fixtures.ts";

/** Two tabs, many requests: each call below goes through its own stub, as separate Worker requests would. */
describe("CartObject under concurrent adds", () => {
  it("lands all 20 concurrent adds of different items: no lost line", async () => {
    const { name } = newCart();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => env.CART.getByName(name).addItem({ variant: variant(`v${i}`), quantity: 1, currency: "USD" })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const view = await env.CART.getByName(name).view();
    expect(view.lines.map((l) => l.variantId).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`).sort());
    expect(view.itemCount).toBe(20);
  });

  it("sums 20 concurrent adds of the same item into one line of the right quantity", async () => {
    const { name } = newCart();
    await Promise.all(Array.from({ length: 20 }, () => env.CART.getByName(name).addItem({ variant: variant("same"), quantity: 2, currency: "USD" })));
    const view = await env.CART.getByName(name).view();
    expect(view.lines).toHaveLength(1);
    expect(view.lines[0]?.quantity).toBe(40);
  });

  it("lets exactly the adds that fit under the line maximum through", async () => {
    const { name } = newCart();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => env.CART.getByName(name).addItem({ variant: variant("busy"), quantity: 10, currency: "USD" })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(9);
    expect(results.filter((r) => !r.ok && r.code === "QUANTITY_LIMIT")).toHaveLength(11);
    expect((await env.CART.getByName(name).view()).lines[0]?.quantity).toBe(90);
  });
});
