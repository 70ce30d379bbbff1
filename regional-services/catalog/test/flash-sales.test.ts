import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlashSaleWire } from "../../../contracts/flash-sales/definition.ts";
import { FLASH_SALE_UPSERTED, flashSaleUpsertedSchema } from "../../../contracts/flash-sales/events.ts";
import type { OutboxEvent } from "../../shared/outbox.ts";
import { errorOf, openFixture, type CatalogFixture } from "./fixture.ts";

let f: CatalogFixture;
beforeAll(async () => {
  f = await openFixture({ products: 5 });
});
afterAll(() => f.close());

const HOUR = 3_600_000;
const variantId = () => {
  const v = f.catalog.products.flatMap((p) => p.variants)[0];
  if (!v) throw new Error("the seed has no variant");
  return v.id;
};
const definition = (overrides: Record<string, unknown> = {}) => ({
  variantId: variantId(),
  salePrices: { USD: 999 },
  allocation: 100,
  startsAt: new Date(Date.now() + HOUR).toISOString(),
  endsAt: new Date(Date.now() + 2 * HOUR).toISOString(),
  perCustomerMax: 2,
  shards: 4,
  ...overrides,
});
const version = async () => ((await (await f.get("/catalog/version")).json()) as { version: number }).version;
const create = async (overrides: Record<string, unknown> = {}) => {
  const res = await f.merchant("POST", "/merchant/flash-sales", definition(overrides));
  expect(res.status).toBe(201);
  return ((await res.json()) as { flashSale: FlashSaleWire }).flashSale;
};

describe("the merchant's flash sales", () => {
  it("schedules a sale and publishes it as flash_sale.upserted in the same change", async () => {
    const before = await version();
    const sale = await create();
    expect(sale).toMatchObject({ id: expect.stringMatching(/^fs_/), allocation: 100, shards: 4, perCustomerMax: 2, status: "scheduled", salePrices: { USD: 999 } });
    const { events } = (await (await f.get(`/internal/events?after=${before}`)).json()) as { events: OutboxEvent[] };
    expect(events.map((e) => [e.type, e.subject])).toEqual([[FLASH_SALE_UPSERTED, sale.id]]);
    expect(flashSaleUpsertedSchema.parse(events[0]?.payload)).toEqual(sale);
  });

  it("refuses bad definitions naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ endsAt: new Date(Date.now() - HOUR).toISOString() }, "endsAt"],
      [{ shards: 17 }, "shards"],
      [{ allocation: 0 }, "allocation"],
      [{ salePrices: {} }, "salePrices"],
      [{ salePrices: { USD: 9.99 } }, "salePrices.USD"],
      [{ variantId: "var_nope" }, "variantId"],
    ];
    for (const [overrides, field] of cases) {
      const res = await f.merchant("POST", "/merchant/flash-sales", definition(overrides));
      expect(res.status, field).toBe(400);
      expect((await errorOf(res)).message, field).toContain(field);
    }
  });

  it("needs the merchant token", async () => {
    expect((await f.merchant("POST", "/merchant/flash-sales", definition(), "wrong")).status).toBe(403);
  });

  it("changes a sale before its start, not once it is live, and cancels it at any time", async () => {
    const upcoming = await create();
    const patched = await f.merchant("PATCH", `/merchant/flash-sales/${upcoming.id}`, { allocation: 50 });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { flashSale: FlashSaleWire }).flashSale.allocation).toBe(50);

    const live = await create({ startsAt: new Date(Date.now() - 1_000).toISOString() });
    const refused = await f.merchant("PATCH", `/merchant/flash-sales/${live.id}`, { allocation: 500 });
    expect(refused.status).toBe(409);
    const cancelled = await f.merchant("POST", `/merchant/flash-sales/${live.id}/cancel`);
    expect(((await cancelled.json()) as { flashSale: FlashSaleWire }).flashSale.status).toBe("cancelled");
  });

  it("shows shoppers current and upcoming sales only: not cancelled, not over", async () => {
    const shown = await create();
    const cancelled = await create();
    await f.merchant("POST", `/merchant/flash-sales/${cancelled.id}/cancel`);
    const ids = ((await (await f.get("/catalog/flash-sales")).json()) as { flashSales: FlashSaleWire[] }).flashSales.map((s) => s.id);
    expect(ids).toContain(shown.id);
    expect(ids).not.toContain(cancelled.id);
    expect((await f.get(`/catalog/flash-sales/${cancelled.id}`)).status).toBe(200);
    expect((await f.get("/catalog/flash-sales/fs_unknown")).status).toBe(404);
  });
});
