import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RejectedEvent } from "../../shared/outbox.ts";
import { applyCatalogEvent } from "../catalog-feed.ts";
import type { OrdersDb } from "../db.ts";
import { candidatePromotions, singleUseCodes } from "../promotion-replica.ts";
import { offers, promotionCodes, promotions } from "../schema.ts";
import { availableDrivers, openTestDatabase } from "./harness.ts";
import { promotion, publishCodes, publishPromotion } from "./promotions-fixtures.ts";

/**
 * The orders service's replica of the catalog's promotions: it follows `promotion.upserted` and
 * `promotion.codes_generated`, and checkout loads from it only what can apply right now.
 */
const drivers = await availableDrivers();

describe.each(drivers)("the promotion replica (%s)", (driver) => {
  let db: OrdersDb;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const database = await openTestDatabase(driver);
    db = database.db;
    close = database.close;
  });
  afterAll(() => close());

  const stored = async (id: string) => (await db.select().from(promotions).where(eq(promotions.id, id)))[0]?.definition;

  it("keeps the latest definition, and ignores an older one delivered late", async () => {
    const newer = promotion("promo_a", { name: "second", updatedAt: "2026-11-02T00:00:00.000Z" });
    await publishPromotion(db, promotion("promo_a", { name: "first", updatedAt: "2026-11-01T00:00:00.000Z" }));
    await publishPromotion(db, newer);
    await publishPromotion(db, promotion("promo_a", { name: "first", updatedAt: "2026-11-01T00:00:00.000Z" }));
    expect(await stored("promo_a")).toEqual(newer);
  });

  it("rejects a definition that breaks the contract, changing nothing", async () => {
    const event = { seq: 1, type: "promotion.upserted", subject: "promo_bad", payload: { id: "promo_bad", status: "active" }, createdAt: new Date().toISOString() };
    await expect(db.transaction((tx) => applyCatalogEvent(tx, event))).rejects.toBeInstanceOf(RejectedEvent);
    expect(await stored("promo_bad")).toBeUndefined();
  });

  it("stores generated codes as unused, and a redelivered batch does not free a used one", async () => {
    await publishCodes(db, "promo_gen", ["GEN-AAAA", "gen-bbbb"]);
    await db.update(promotionCodes).set({ orderId: "ord_used" }).where(eq(promotionCodes.code, "GEN-AAAA"));
    await publishCodes(db, "promo_gen", ["GEN-AAAA", "GEN-BBBB"]);
    const codes = await singleUseCodes(db, ["GEN-AAAA", "GEN-BBBB", "NOPE"]);
    expect(Object.fromEntries(codes)).toEqual({ "GEN-AAAA": { promotionId: "promo_gen", used: true }, "GEN-BBBB": { promotionId: "promo_gen", used: false } });
  });

  it("loads automatic promotions live now, and code promotions only when one of their codes is entered", async () => {
    const now = new Date("2026-11-15T12:00:00.000Z");
    await publishPromotion(db, promotion("promo_auto", { activation: "automatic" }));
    await publishPromotion(db, promotion("promo_paused", { activation: "automatic", status: "paused" }));
    await publishPromotion(db, promotion("promo_later", { activation: "automatic", startsAt: "2026-12-01T00:00:00.000Z" }));
    await publishPromotion(db, promotion("promo_over", { activation: "automatic", endsAt: "2026-11-01T00:00:00.000Z" }));
    await publishPromotion(db, promotion("promo_code", { codes: ["SAVE5"] }));
    await publishPromotion(db, promotion("promo_other", { codes: ["OTHER"] }));
    await publishPromotion(db, promotion("promo_gen"));
    const ids = async (codes: string[]) => (await candidatePromotions(db, codes, await singleUseCodes(db, codes), now)).map((d) => d.id);
    expect(await ids([])).toEqual(["promo_auto"]);
    expect(await ids(["SAVE5"])).toEqual(["promo_auto", "promo_code"]);
    // A generated code brings its promotion along.
    expect(await ids(["GEN-BBBB"])).toEqual(["promo_auto", "promo_gen"]);
  });

  it("keeps a variant's category path from variant.upserted, and [] from a producer that does not send one", async () => {
    const base = { productId: "prod_1", productSlug: "tee", title: "Tee", sku: "TEE", imageUrl: "/t.svg", prices: { USD: 1000 }, active: true };
    await db.transaction(async (tx) => {
      await applyCatalogEvent(tx, { seq: 1, type: "variant.upserted", subject: "v1", payload: { ...base, variantId: "v1", categorySlugs: ["apparel", "tees"] }, createdAt: "" });
      await applyCatalogEvent(tx, { seq: 2, type: "variant.upserted", subject: "v2", payload: { ...base, variantId: "v2" }, createdAt: "" });
    });
    const rows = await db.select({ variantId: offers.variantId, categorySlugs: offers.categorySlugs }).from(offers).orderBy(offers.variantId);
    expect(rows).toEqual([
      { variantId: "v1", categorySlugs: ["apparel", "tees"] },
      { variantId: "v2", categorySlugs: [] },
    ]);
  });
});
