import { describe, expect, it } from "vitest";
import type { PromotionCodesGenerated } from "../../../contracts/promotions/events.ts";
import type { PromotionDefinition } from "../../../domain/promotions/model.ts";
import { CODE_ALPHABET, randomCodes } from "../promotion-codes.ts";
import { errorOf } from "./fixture.ts";
import { created, eventsAfter, usePromotionCatalog, version } from "./promotion-fixture.ts";

const catalog = usePromotionCatalog();

const generate = (path: string, body: unknown, idempotencyKey?: string) =>
  catalog().app.request(path, {
    method: "POST",
    headers: { authorization: `Bearer ${catalog().env.raw.MERCHANT_TOKEN}`, "content-type": "application/json", ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}) },
    body: JSON.stringify(body),
  });

describe("randomCodes", () => {
  it("draws distinct codes of the prefix and ten unambiguous characters", () => {
    const codes = randomCodes(2_000, "BF");
    expect(new Set(codes).size).toBe(2_000);
    const pattern = new RegExp(`^BF-[${CODE_ALPHABET}]{10}$`);
    expect(codes.every((c) => pattern.test(c))).toBe(true);
    expect(CODE_ALPHABET).not.toMatch(/[01ILO]/);
  });
});

describe("POST /merchant/promotions/:id/codes", () => {
  it("generates 10,000 unique single-use codes, published in events of at most 1,000", async () => {
    const f = catalog();
    const p = await created(f, { activation: "code", codes: ["BULKREUSE"] });
    const before = await version(f);
    const res = await generate(`/merchant/promotions/${p.id}/codes`, { count: 10_000, prefix: "bf" });
    expect(res.status).toBe(201);
    const { promotionId, codes } = (await res.json()) as { promotionId: string; codes: string[] };
    expect(promotionId).toBe(p.id);
    expect(codes).toHaveLength(10_000);
    expect(new Set(codes).size).toBe(10_000);
    expect(codes.every((c) => c.startsWith("BF-"))).toBe(true);

    const events = await eventsAfter(f, before);
    expect(events.every((e) => e.type === "promotion.codes_generated" && e.subject === p.id)).toBe(true);
    const batches = events.map((e) => e.payload as PromotionCodesGenerated);
    expect(batches.every((b) => b.codes.length <= 1_000)).toBe(true);
    expect(batches.flatMap((b) => b.codes).sort()).toEqual([...codes].sort());

    const sample = codes[4_321] ?? "";
    expect(await (await f.get(`/catalog/promotions/codes/${sample.toLowerCase()}`)).json()).toEqual({ promotionId: p.id, singleUse: true });
    // The storefront snapshot carries the reusable code only: 10,000 single-use codes stay out of every cart.
    const snapshot = ((await (await f.get("/catalog/promotions")).json()) as { promotions: PromotionDefinition[] }).promotions;
    expect(snapshot.find((x) => x.id === p.id)).toBeUndefined();
    await f.merchant("POST", `/merchant/promotions/${p.id}/activate`);
    const active = ((await (await f.get("/catalog/promotions")).json()) as { promotions: PromotionDefinition[] }).promotions;
    expect(active.find((x) => x.id === p.id)?.codes).toEqual(["BULKREUSE"]);
  });

  it("answers the same codes again for a repeated Idempotency-Key, and refuses the key for another request", async () => {
    const f = catalog();
    const p = await created(f, { activation: "code" });
    const first = (await (await generate(`/merchant/promotions/${p.id}/codes`, { count: 5 }, "key-1")).json()) as { codes: string[] };
    const before = await version(f);
    const again = await generate(`/merchant/promotions/${p.id}/codes`, { count: 5 }, "key-1");
    expect(again.status).toBe(201);
    expect(((await again.json()) as { codes: string[] }).codes).toEqual([...first.codes].sort());
    expect(await version(f)).toBe(before);
    const other = await generate(`/merchant/promotions/${p.id}/codes`, { count: 6 }, "key-1");
    expect(other.status).toBe(422);
    expect((await errorOf(other)).code).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("refuses bad requests naming the field, and codes for an automatic promotion", async () => {
    const f = catalog();
    const p = await created(f, { activation: "code" });
    for (const [body, field] of [
      [{ count: 0 }, "count"],
      [{ count: 10_001 }, "count"],
      [{ count: 2.5 }, "count"],
      [{ count: 3, prefix: "no spaces" }, "prefix"],
      [{}, "count"],
    ] as const) {
      const res = await generate(`/merchant/promotions/${p.id}/codes`, body);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).message).toContain(field);
    }
    const automatic = await created(f);
    const res = await generate(`/merchant/promotions/${automatic.id}/codes`, { count: 1 });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe("PROMOTION_STATE_CONFLICT");
  });
});

describe("storefront reads", () => {
  it("GET /catalog/promotions lists active and scheduled promotions, not drafts, paused, archived or ended ones", async () => {
    const f = catalog();
    const hour = 3_600_000;
    const live = await created(f, { status: "active" });
    const scheduled = await created(f, { status: "active", startsAt: new Date(Date.now() + hour).toISOString() });
    const ended = await created(f, { status: "active", startsAt: new Date(Date.now() - 2 * hour).toISOString(), endsAt: new Date(Date.now() - hour).toISOString() });
    const draft = await created(f);
    const paused = await created(f, { status: "active" });
    await f.merchant("POST", `/merchant/promotions/${paused.id}/pause`);
    const ids = ((await (await f.get("/catalog/promotions")).json()) as { promotions: PromotionDefinition[] }).promotions.map((x) => x.id);
    expect(ids).toEqual(expect.arrayContaining([live.id, scheduled.id]));
    for (const gone of [ended, draft, paused]) expect(ids).not.toContain(gone.id);
  });

  it("needs the edge's signature, and answers 404 for an unknown code", async () => {
    const f = catalog();
    expect((await f.app.request("/catalog/promotions")).status).toBe(401);
    expect((await f.get("/catalog/promotions/codes/NOSUCHCODE")).status).toBe(404);
    expect((await f.get("/catalog/promotions/codes/x")).status).toBe(400);
  });
});
