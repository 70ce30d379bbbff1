import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { CartObject } from "../src/cart-object.ts";
import { newCart, variant } from "./fixtures.ts";

describe("CartObject lines", () => {
  it("starts empty, named after its cart id, in the shopper's currency", async () => {
    const { name, stub } = newCart();
    const view = await stub.view("EUR");
    expect(view).toMatchObject({ id: name, currency: "EUR", lines: [], itemCount: 0, total: 0, locked: false });
  });

  it("adds, updates and removes a line, with totals", async () => {
    const { stub } = newCart();
    const added = await stub.addItem({ variant: variant("a"), quantity: 2, currency: "USD" });
    if (!added.ok) throw new Error(added.message);
    const line = added.cart.lines[0];
    expect(line).toMatchObject({ variantId: "a", productSlug: "slug-a", title: "Item a", unitPrice: 2000, quantity: 2, lineTotal: 4000 });
    expect(added.cart).toMatchObject({ subtotal: 4000, itemCount: 2, currency: "USD" });

    const updated = await stub.updateItem(line?.id ?? "", 5);
    expect(updated.ok && updated.cart.lines[0]?.quantity).toBe(5);
    const removed = await stub.removeItem(line?.id ?? "");
    expect(removed.ok && removed.cart.lines).toEqual([]);
  });

  it("returns refusals as values, not thrown errors", async () => {
    const { stub } = newCart();
    expect(await stub.addItem({ variant: variant("a"), quantity: 0, currency: "USD" })).toMatchObject({ ok: false, code: "INVALID_QUANTITY", field: "quantity" });
    await stub.addItem({ variant: variant("a"), quantity: 95, currency: "USD" });
    expect(await stub.addItem({ variant: variant("a"), quantity: 5, currency: "USD" })).toMatchObject({ ok: false, code: "QUANTITY_LIMIT" });
    expect(await stub.updateItem("nope", 1)).toMatchObject({ ok: false, code: "LINE_NOT_FOUND" });
    expect(await stub.addItem({ variant: variant("b", { stockState: "out_of_stock" }), quantity: 1, currency: "USD" })).toMatchObject({ ok: false, code: "OUT_OF_STOCK" });
  });

  it("holds at most 100 different items", async () => {
    const { stub } = newCart();
    for (let i = 0; i < 100; i++) {
      const r = await stub.addItem({ variant: variant(`v${i}`), quantity: 1, currency: "USD" });
      expect(r.ok).toBe(true);
    }
    expect(await stub.addItem({ variant: variant("one-too-many"), quantity: 1, currency: "USD" })).toMatchObject({ ok: false, code: "TOO_MANY_LINES" });
    expect((await stub.view()).lines).toHaveLength(100);
  });

  it("fixes its currency with the first line and keeps it", async () => {
    const { stub } = newCart();
    await stub.addItem({ variant: variant("a"), quantity: 1, currency: "GBP" });
    const second = await stub.addItem({ variant: variant("b"), quantity: 1, currency: "USD" });
    expect(second.ok && second.cart.currency).toBe("GBP");
    expect(second.ok && second.cart.lines.map((l) => l.unitPrice)).toEqual([1600, 1600]);
    expect((await stub.view("USD")).currency).toBe("GBP");
    const noGbp = await stub.addItem({ variant: variant("c", { prices: { USD: 100 } }), quantity: 1, currency: "USD" });
    expect(noGbp).toMatchObject({ ok: false, code: "CURRENCY_MISMATCH" });
  });

  it("lets an emptied cart take a new currency", async () => {
    const { stub } = newCart();
    const first = await stub.addItem({ variant: variant("a"), quantity: 1, currency: "GBP" });
    await stub.removeItem((first.ok && first.cart.lines[0]?.id) || "");
    const again = await stub.addItem({ variant: variant("a"), quantity: 1, currency: "EUR" });
    expect(again.ok && again.cart.currency).toBe("EUR");
  });

  it("keeps its lines in SQLite storage", async () => {
    const { stub } = newCart();
    await stub.addItem({ variant: variant("a"), quantity: 3, currency: "USD" });
    const rows = await runInDurableObject(stub, (_instance: CartObject, state) =>
      state.storage.sql.exec<{ variant_id: string; quantity: number }>("SELECT variant_id, quantity FROM cart_lines").toArray(),
    );
    expect(rows).toEqual([{ variant_id: "a", quantity: 3 }]);
  });
});
