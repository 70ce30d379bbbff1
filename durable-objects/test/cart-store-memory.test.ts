import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { CartLine } from "../../domain/cart.ts";
import type { CartObject } from "../src/cart-object.ts";
import { CartStore } from "../src/cart-store.ts";
import { newCart } from "./fixtures.ts";

/**
 * The CartStore keeps what it read and wrote in memory, so a cart call costs one statement per
 * change instead of a read of every table. What it remembers must always be what SQLite holds:
 * after each change, a store that has never seen the cart reads back exactly the same cart.
 */
function line(id: string, variantId: string, overrides: Partial<CartLine> = {}): CartLine {
  return { id, variantId, productSlug: `slug-${variantId}`, title: `Item ${variantId}`, sku: `SKU-${variantId}`, imageUrl: `/${variantId}.jpg`, unitPrice: 1000, quantity: 1, ...overrides };
}

function everything(store: CartStore, now: number) {
  return {
    meta: store.meta(),
    lines: store.lines(),
    codes: store.storedCodes(),
    version: store.promotionSnapshotVersion(),
    definitions: store.promotionDefinitions(),
    usedUp: store.notes.usedUpPromotions(now),
    tags: store.notes.customerTags("cus_1"),
    timers: store.timers(),
    reservations: store.notes.saleReservations(now),
  };
}

describe("CartStore's memory of the cart", () => {
  it("always matches what a fresh read of SQLite finds, change after change", async () => {
    const { stub } = newCart();
    await runInDurableObject(stub, (_i: CartObject, state) => {
      const live = new CartStore(state.storage.sql);
      live.createTables();
      const now = Date.now();
      const same = () => {
        const fresh = new CartStore(state.storage.sql);
        expect(everything(live, now)).toEqual(everything(fresh, now));
      };
      same();
      live.saveLine(line("l1", "a", { productId: "p-a", categorySlugs: ["home"] }));
      live.saveLine(line("l2", "b"));
      same();
      // An update keeps the product and categories it is not given, and its place.
      live.saveLine(line("l1", "a", { quantity: 4, unitPrice: 900, title: "Renamed" }));
      same();
      expect(live.lines().map((l) => [l.id, l.quantity, l.productId])).toEqual([["l1", 4, "p-a"], ["l2", 1, undefined]]);
      live.deleteLine("l1");
      live.saveLine(line("l3", "c"));
      same();
      live.addPromotion("SAVE5", { promotionId: "promo_save5", singleUse: false });
      live.addPromotion("SAVE5", { promotionId: "promo_other", singleUse: true });
      live.addPromotion("ONCE-1", { promotionId: "promo_once", singleUse: true });
      live.removePromotion("SAVE5");
      same();
      live.updateMeta({ currency: "EUR", email: "a@example.com" });
      live.updateMeta({ currency: "EUR" });
      live.updateMeta({ shippingAddress: { name: "A", line1: "1 Road", city: "Town", postalCode: "1", country: "GB" }, warnings: [] });
      same();
      live.savePromotionSnapshot({ version: 5, definitions: [] });
      live.savePromotionSnapshot({ version: 4, definitions: [{ id: "older" } as never] });
      same();
      expect(live.promotionSnapshotVersion()).toBe(5);
      live.notes.noteUsedUp([{ promotionId: "promo_x", reason: "limit_reached", until: now + 60_000 }], now);
      live.notes.saveCustomerTags("cus_1", ["vip"], now);
      live.setTimer("expire", now + 1000);
      live.setTimer("settle", now + 500);
      live.setTimer("settle", null);
      live.notes.saveSaleReservation({ variantId: "c", quantity: 1, currency: "EUR", unitPrice: 500, expiresAt: now + 60_000, token: "t" }, now);
      same();
      live.clearContents();
      same();
      expect(live.lines()).toEqual([]);
    });
  });

  it("forgets everything when the tables are made afresh (the alarm deletes a cart's storage)", async () => {
    const { stub } = newCart();
    await runInDurableObject(stub, async (_i: CartObject, state) => {
      const store = new CartStore(state.storage.sql);
      store.createTables();
      store.saveLine(line("l1", "a"));
      store.updateMeta({ currency: "GBP" });
      await state.storage.deleteAll();
      store.createTables();
      expect(store.lines()).toEqual([]);
      expect(store.meta().currency).toBeNull();
    });
  });

  it("hands out what it keeps frozen, so no caller can change it behind SQLite's back", async () => {
    const { stub } = newCart();
    await runInDurableObject(stub, (_i: CartObject, state) => {
      const store = new CartStore(state.storage.sql);
      store.createTables();
      store.saveLine(line("l1", "a"));
      const [kept] = store.lines();
      expect(() => {
        if (kept) (kept as { quantity: number }).quantity = 50;
      }).toThrow(TypeError);
      expect(Object.isFrozen(store.meta())).toBe(true);
    });
  });
});
