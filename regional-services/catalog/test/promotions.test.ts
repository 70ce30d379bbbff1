import { describe, expect, it } from "vitest";
import type { PromotionDefinition } from "../../../domain/promotions/model.ts";
import { errorOf } from "./fixture.ts";
import { created, eventsAfter, promotionBody, usePromotionCatalog, version } from "./promotion-fixture.ts";

const catalog = usePromotionCatalog();
const promotionOf = async (res: Response) => ((await res.json()) as { promotion: PromotionDefinition }).promotion;

describe("POST /merchant/promotions", () => {
  it("stores a draft by default, normalises its codes, and publishes the whole definition", async () => {
    const f = catalog();
    const before = await version(f);
    const res = await f.merchant("POST", "/merchant/promotions", promotionBody({ activation: "code", codes: [" spring10 ", "Spring-Ten"] }));
    expect(res.status).toBe(201);
    const promotion = await promotionOf(res);
    expect(promotion).toMatchObject({ status: "draft", activation: "code", codes: ["SPRING-TEN", "SPRING10"], conditions: {}, limits: {}, startsAt: null, endsAt: null });
    expect(promotion.id).toMatch(/^promo_/);
    const events = await eventsAfter(f, before);
    expect(events.map((e) => [e.type, e.subject])).toEqual([["promotion.upserted", promotion.id]]);
    expect(events[0]?.payload).toEqual(promotion);
    expect((await f.merchant("GET", `/merchant/promotions/${promotion.id}`)).status).toBe(200);
  });

  it("refuses each bad field with a 400 naming it, and stores nothing", async () => {
    const f = catalog();
    const cases: [Record<string, unknown>, string][] = [
      [{ target: "order", effect: { kind: "free_shipping" } }, "effect.kind"],
      [{ target: "shipping", effect: { kind: "buy_x_get_y", buy: 2, get: 1, basisPoints: 10000 } }, "effect.kind"],
      [{ target: "order", effect: { kind: "fixed_price", price: { USD: 100 } } }, "effect.kind"],
      [{ effect: { kind: "percentage", basisPoints: 0 } }, "effect.basisPoints"],
      [{ effect: { kind: "percentage", basisPoints: 10001 } }, "effect.basisPoints"],
      [{ effect: { kind: "fixed_amount", amountOff: { USD: -1 } } }, "effect.amountOff.USD"],
      [{ effect: { kind: "fixed_amount", amountOff: { USD: 9.5 } } }, "effect.amountOff.USD"],
      [{ effect: { kind: "fixed_amount", amountOff: { JPY: 100 } } }, "JPY"],
      [{ conditions: { currencies: ["XXX"] } }, "conditions.currencies"],
      [{ startsAt: "2026-12-02T00:00:00Z", endsAt: "2026-12-01T00:00:00Z" }, "endsAt"],
      [{ startsAt: "tomorrow" }, "startsAt"],
      [{ activation: "code", codes: ["DUP1", "dup1"] }, "codes.1"],
      [{ activation: "code", codes: ["a b"] }, "codes.0"],
      [{ codes: ["AUTO1"] }, "codes"],
      [{ name: "" }, "name"],
      [{ status: "archived" }, "status"],
      [{ colour: "red" }, "colour"],
      [{ conditions: { colour: "red" } }, "colour"],
    ];
    const before = await version(f);
    for (const [overrides, field] of cases) {
      const res = await f.merchant("POST", "/merchant/promotions", promotionBody(overrides));
      expect(res.status, JSON.stringify(overrides)).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(error.message, JSON.stringify(overrides)).toContain(field);
    }
    expect(await version(f)).toBe(before);
  });

  it("refuses a code another promotion has (any case) with a 409, leaving nothing half made", async () => {
    const f = catalog();
    await created(f, { activation: "code", codes: ["TAKEN1"] });
    const before = await version(f);
    const count = ((await (await f.merchant("GET", "/merchant/promotions")).json()) as { promotions: unknown[] }).promotions.length;
    const res = await f.merchant("POST", "/merchant/promotions", promotionBody({ activation: "code", codes: ["FREE1", "taken1"] }));
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({ code: "PROMOTION_CODE_TAKEN", message: expect.stringContaining("TAKEN1") });
    expect(await version(f)).toBe(before);
    expect(((await (await f.merchant("GET", "/merchant/promotions")).json()) as { promotions: unknown[] }).promotions).toHaveLength(count);
    expect((await f.get("/catalog/promotions/codes/FREE1")).status).toBe(404);
  });

  it("needs the merchant token: 401 without one, 403 with a wrong one", async () => {
    const f = catalog();
    const none = await f.app.request("/merchant/promotions", { method: "POST", body: JSON.stringify(promotionBody()), headers: { "content-type": "application/json" } });
    expect(none.status).toBe(401);
    expect((await f.merchant("POST", "/merchant/promotions", promotionBody(), "wrong-token")).status).toBe(403);
    expect((await f.merchant("GET", "/merchant/promotions", undefined, "wrong-token")).status).toBe(403);
  });
});

describe("changing a promotion", () => {
  it("reschedules with PATCH and publishes the new definition", async () => {
    const f = catalog();
    const p = await created(f);
    const before = await version(f);
    const res = await f.merchant("PATCH", `/merchant/promotions/${p.id}`, { startsAt: "2026-12-01T00:00:00Z", endsAt: "2026-12-24T00:00:00.000+01:00", name: "Advent" });
    expect(res.status).toBe(200);
    const changed = await promotionOf(res);
    expect(changed).toMatchObject({ name: "Advent", startsAt: "2026-12-01T00:00:00.000Z", endsAt: "2026-12-23T23:00:00.000Z" });
    const events = await eventsAfter(f, before);
    expect(events.map((e) => e.type)).toEqual(["promotion.upserted"]);
    expect(events[0]?.payload).toEqual(changed);
  });

  it("judges a PATCH on the definition it would make: a target that no longer suits the effect is a 400", async () => {
    const f = catalog();
    const p = await created(f, { target: "shipping", effect: { kind: "free_shipping" } });
    const before = await version(f);
    const res = await f.merchant("PATCH", `/merchant/promotions/${p.id}`, { target: "order" });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toContain("effect.kind");
    const ends = await f.merchant("PATCH", `/merchant/promotions/${p.id}`, { endsAt: "2000-01-01T00:00:00Z", startsAt: "2001-01-01T00:00:00Z" });
    expect((await errorOf(ends)).message).toContain("endsAt");
    expect(await version(f)).toBe(before);
  });

  it("replaces the reusable codes, freeing the old ones", async () => {
    const f = catalog();
    const p = await created(f, { activation: "code", codes: ["OLDCODE"] });
    const res = await f.merchant("PATCH", `/merchant/promotions/${p.id}`, { codes: ["NEWCODE"] });
    expect((await promotionOf(res)).codes).toEqual(["NEWCODE"]);
    expect((await f.get("/catalog/promotions/codes/OLDCODE")).status).toBe(404);
    expect(await (await f.get("/catalog/promotions/codes/newcode")).json()).toEqual({ promotionId: p.id, singleUse: false });
  });

  it("pauses, activates and archives; the same status twice publishes nothing; archived is final", async () => {
    const f = catalog();
    const p = await created(f, { status: "active" });
    const statusAfter = async (action: string) => {
      const res = await f.merchant("POST", `/merchant/promotions/${p.id}/${action}`);
      return res.status === 200 ? (await promotionOf(res)).status : (await errorOf(res)).code;
    };
    expect(await statusAfter("pause")).toBe("paused");
    const before = await version(f);
    expect(await statusAfter("pause")).toBe("paused");
    expect(await version(f)).toBe(before);
    expect(await statusAfter("activate")).toBe("active");
    expect(await statusAfter("archive")).toBe("archived");
    expect((await eventsAfter(f, before)).map((e) => (e.payload as PromotionDefinition).status)).toEqual(["active", "archived"]);
    const afterArchive = await version(f);
    expect(await statusAfter("activate")).toBe("PROMOTION_ARCHIVED");
    const patch = await f.merchant("PATCH", `/merchant/promotions/${p.id}`, { name: "Back" });
    expect(patch.status).toBe(409);
    expect((await f.merchant("POST", `/merchant/promotions/${p.id}/codes`, { count: 1 })).status).toBe(409);
    expect(await version(f)).toBe(afterArchive);
  });

  it("refuses to pause a draft, and answers 404 for an unknown promotion", async () => {
    const f = catalog();
    const p = await created(f);
    const res = await f.merchant("POST", `/merchant/promotions/${p.id}/pause`);
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe("PROMOTION_STATE_CONFLICT");
    expect((await f.merchant("POST", "/merchant/promotions/promo_nope/activate")).status).toBe(404);
    expect((await f.merchant("GET", "/merchant/promotions/not%20an%20id")).status).toBe(400);
  });

  it("lists by status", async () => {
    const f = catalog();
    const p = await created(f, { status: "active" });
    await f.merchant("POST", `/merchant/promotions/${p.id}/pause`);
    const paused = ((await (await f.merchant("GET", "/merchant/promotions?status=paused")).json()) as { promotions: PromotionDefinition[] }).promotions;
    expect(paused.map((x) => x.id)).toContain(p.id);
    expect(paused.every((x) => x.status === "paused")).toBe(true);
    expect((await f.merchant("GET", "/merchant/promotions?status=gone")).status).toBe(400);
  });
});
