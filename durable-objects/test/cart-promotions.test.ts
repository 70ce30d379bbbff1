import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { promotion } from "../../domain/promotions/fixtures.ts";
import type { PromotionDefinition } from "../../domain/promotions/model.ts";
import type { CartObject } from "../src/cart-object.ts";
import type { CartPromotionInput } from "../src/cart-promotions.ts";
import { CartStore } from "../src/cart-store.ts";
import { newCart, variant } from "./fixtures.ts";

/**
 * The CartObject previews discounts with the promotion snapshot the edge hands it (read from the
 * catalog), keeps the newest one, and judges schedules and customers with the engine.
 */
const definition = (id: string, overrides: Partial<PromotionDefinition> = {}): PromotionDefinition =>
  promotion({ id, description: `${id} off`, activation: "code", effect: { kind: "percentage", basisPoints: 1000 }, ...overrides });
const snapshot = (version: number, definitions: PromotionDefinition[], customerId?: string): CartPromotionInput => ({ snapshot: { version, json: JSON.stringify({ promotions: definitions }) }, customerId });

describe("CartObject with the catalog's promotion snapshot", () => {
  it("applies a reusable code of the snapshot, and drops its discount once a newer snapshot lacks the promotion (paused)", async () => {
    const { stub } = newCart();
    const spring = definition("promo_spring", { codes: ["SPRING"] });
    await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" }, snapshot(10, [spring]));
    const applied = await stub.applyPromotion("spring", snapshot(10, [spring]));
    expect(applied).toMatchObject({ ok: true, cart: { discountTotal: 200, promotions: [{ promotionId: "promo_spring", code: "SPRING", applied: true }] } });
    const paused = await stub.view(undefined, snapshot(11, []));
    expect(paused.discountTotal).toBe(0);
    expect(paused.promotions).toEqual([expect.objectContaining({ code: "SPRING", applied: false })]);
    // An isolate still on the older version does not bring the paused promotion back.
    expect((await stub.view(undefined, snapshot(10, [spring]))).discountTotal).toBe(0);
  });

  it("keeps the snapshot it has when handed text that holds no list of promotions", async () => {
    const { stub } = newCart();
    const spring = definition("promo_spring", { activation: "automatic" });
    await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" }, snapshot(20, [spring]));
    for (const json of ["not json", "{\"error\":{\"code\":\"NOT_FOUND\"}}"]) {
      expect((await stub.view(undefined, { snapshot: { version: 21, json } })).discountTotal).toBe(200);
    }
    // A well-formed newer one is still taken afterwards.
    expect((await stub.view(undefined, snapshot(22, []))).discountTotal).toBe(0);
  });

  it("applies automatic promotions without a code, and a scheduled one only once it has started", async () => {
    const { stub } = newCart();
    const hour = 3_600_000;
    const now = definition("promo_auto", { activation: "automatic", effect: { kind: "fixed_amount", amountOff: { USD: 300 } } });
    const later = definition("promo_later", { activation: "automatic", startsAt: new Date(Date.now() + hour).toISOString() });
    const r = await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" }, snapshot(5, [now, later]));
    expect(r).toMatchObject({ ok: true, cart: { discountTotal: 300 } });
    expect(r.ok && r.cart.promotions.map((p) => p.promotionId)).toEqual(["promo_auto"]);
  });

  it("previews without a promotion checkout found used up, says why, and ignores reasons it does not know", async () => {
    const { stub } = newCart();
    const auto = definition("promo_auto", { activation: "automatic", description: "10 % off everything", limits: { totalUses: 100 } });
    const spring = definition("promo_spring", { codes: ["SPRING"], effect: { kind: "fixed_amount", amountOff: { USD: 100 } }, limits: { budget: { USD: 5_000 } } });
    await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" }, snapshot(3, [auto, spring]));
    expect((await stub.applyPromotion("spring", snapshot(3, [auto, spring]))).ok).toBe(true);
    expect((await stub.view()).discountTotal).toBe(300);

    const noted = stub.notePromotionsUsedUp([
      { promotionId: "promo_auto", reason: "limit_reached" },
      { code: "spring", reason: "budget_exhausted" },
      { promotionId: "promo_spring", reason: "not_a_reason" },
    ]);
    const cart = (await noted).ok ? (await stub.view()) : undefined;
    expect(cart?.discountTotal).toBe(0);
    expect(cart?.warnings).toEqual([
      { code: "PROMOTION_UNAVAILABLE", promotionId: "promo_auto", message: "10 % off everything has reached its limit, so your total has been updated" },
      { code: "PROMOTION_UNAVAILABLE", promotionId: "promo_spring", message: "promo_spring off has run out of budget, so your total has been updated" },
    ]);
    // The entered code stays on the cart, refused with the reason, until the shopper removes it.
    expect(cart?.promotions).toEqual([expect.objectContaining({ code: "SPRING", applied: false })]);
  });

  it("takes a generated single-use code as the edge resolved it, and refuses an unknown one", async () => {
    const { stub } = newCart();
    const bf = definition("promo_bf", { effect: { kind: "percentage", basisPoints: 2000 } });
    await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" }, snapshot(7, [bf]));
    expect(await stub.applyPromotion("BF-UNKNOWN1", snapshot(7, [bf]))).toMatchObject({ ok: false, code: "PROMOTION_NOT_FOUND", field: "code" });
    const r = await stub.applyPromotion({ code: "bf-7k3qx9wmht", promotionId: "promo_bf", singleUse: true }, snapshot(7, [bf]));
    expect(r).toMatchObject({ ok: true, cart: { discountTotal: 400, promotions: [{ code: "BF-7K3QX9WMHT", applied: true }] } });
    // Kept with its promotion: later views still know what the code is.
    expect((await stub.view()).discountTotal).toBe(400);
  });

  it("judges customer conditions with the shopper the edge names", async () => {
    const { stub } = newCart("customer");
    const members = definition("promo_members", { activation: "automatic", conditions: { signedInOnly: true } });
    const guest = await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" }, snapshot(3, [members]));
    expect(guest.ok && guest.cart.discountTotal).toBe(0);
    expect((await stub.view(undefined, snapshot(3, [members], "cus_1"))).discountTotal).toBe(200);
  });

  it("previews a tag-limited promotion for the customer the edge said has the tag, and not for another customer or a guest", async () => {
    const vip = definition("promo_vip", { activation: "automatic", description: "VIP 10 % off", conditions: { customerTags: ["vip"] } });
    const tagged = newCart("customer");
    // At sign-in the edge tells the customer's cart the tags the customers service answered.
    await tagged.stub.setCustomerTags("cus_vip", ["vip"]);
    const r = await tagged.stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" }, snapshot(4, [vip], "cus_vip"));
    expect(r).toMatchObject({ ok: true, cart: { discountTotal: 200, promotions: [{ promotionId: "promo_vip", applied: true }] } });

    const other = newCart("customer");
    await other.stub.setCustomerTags("cus_plain", ["wholesale"]);
    const o = await other.stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" }, snapshot(4, [vip], "cus_plain"));
    expect(o.ok && o.cart.discountTotal).toBe(0);
    // Tags told for one customer are not another's (or a guest's) on the same cart.
    expect((await tagged.stub.view(undefined, snapshot(4, [vip], "cus_someone_else"))).discountTotal).toBe(0);
    expect((await tagged.stub.view(undefined, snapshot(4, [vip]))).discountTotal).toBe(0);
    // Tags told again (the next sign-in) replace the old ones.
    await tagged.stub.setCustomerTags("cus_vip", []);
    expect((await tagged.stub.view(undefined, snapshot(4, [vip], "cus_vip"))).discountTotal).toBe(0);
  });

  it("stops previewing a promotion checkout found the customer no longer eligible for, says why, and hears nothing of promotions it did not show", async () => {
    const vip = definition("promo_vip", { activation: "automatic", description: "VIP 10 % off", conditions: { customerTags: ["vip"] } });
    const trade = definition("promo_trade", { activation: "automatic", description: "Trade 10 % off", conditions: { customerTags: ["trade"] } });
    const first = definition("promo_first", { activation: "automatic", description: "First order 5.00 off", effect: { kind: "fixed_amount", amountOff: { USD: 500 } }, conditions: { firstOrderOnly: true } });
    const { stub } = newCart("customer");
    await stub.setCustomerTags("cus_1", ["vip"]);
    const before = await stub.addItem({ variant: variant("a"), quantity: 1, currency: "USD" }, snapshot(6, [vip, trade, first], "cus_1"));
    expect(before.ok && before.cart.promotions.map((p) => p.promotionId).sort()).toEqual(["promo_first", "promo_vip"]);
    await stub.notePromotionsUsedUp([
      { promotionId: "promo_vip", reason: "customer_not_eligible" },
      { promotionId: "promo_trade", reason: "customer_not_eligible" },
      { promotionId: "promo_first", reason: "first_order_only" },
    ]);
    const cart = await stub.view(undefined, snapshot(6, [vip, trade, first], "cus_1"));
    expect(cart.discountTotal).toBe(0);
    expect(cart.warnings).toEqual([
      { code: "PROMOTION_UNAVAILABLE", promotionId: "promo_first", message: "First order 5.00 off is for a first order only, so your total has been updated" },
      { code: "PROMOTION_UNAVAILABLE", promotionId: "promo_vip", message: "VIP 10 % off is not available for your account, so your total has been updated" },
    ]);
  });

  it("adds the new line columns to a cart stored before they existed, and fills them on the next save", async () => {
    const { stub } = newCart();
    await runInDurableObject(stub, (_i: CartObject, state) => {
      const sql = state.storage.sql;
      sql.exec("DROP TABLE IF EXISTS cart_lines");
      sql.exec("DROP TABLE IF EXISTS cart_promotions");
      sql.exec(
        "CREATE TABLE cart_lines (id TEXT PRIMARY KEY, variant_id TEXT NOT NULL UNIQUE, product_slug TEXT NOT NULL, title TEXT NOT NULL, sku TEXT NOT NULL, image_url TEXT NOT NULL, unit_price INTEGER NOT NULL, quantity INTEGER NOT NULL, position INTEGER NOT NULL)",
      );
      sql.exec("CREATE TABLE cart_promotions (code TEXT PRIMARY KEY, position INTEGER NOT NULL)");
      sql.exec("INSERT INTO cart_lines VALUES ('l1', 'a', 'slug-a', 'Item a', 'SKU-a', '/a.jpg', 2000, 1, 1)");
      sql.exec("INSERT INTO cart_promotions VALUES ('OLDCODE', 1)");
      const store = new CartStore(sql);
      store.createTables();
      store.createTables();
      const [old] = store.lines();
      expect(old).toMatchObject({ id: "l1", unitPrice: 2000 });
      expect(old?.productId).toBeUndefined();
      expect(store.storedCodes()).toEqual([{ code: "OLDCODE", promotionId: null, singleUse: false }]);
      if (old) store.saveLine({ ...old, productId: "p1", categorySlugs: ["home", "home-mugs"] });
      expect(store.lines()[0]).toMatchObject({ productId: "p1", categorySlugs: ["home", "home-mugs"] });
    });
  });
});
