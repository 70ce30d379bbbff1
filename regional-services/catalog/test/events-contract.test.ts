import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOG_EVENTS } from "../../../contracts/catalog/events.ts";
import { PROMOTION_EVENTS } from "../../../contracts/promotions/events.ts";
import { STOCK_CHANGED, type StockChanged } from "../../../contracts/orders/events.ts";
import type { OutboxEvent } from "../../shared/outbox.ts";
import { applyStockPage } from "../stock-feed.ts";
import { openFixture, type CatalogFixture } from "./fixture.ts";

/**
 * Contract: every event the catalog really publishes (the seed's and a merchant's
 * `variant.upserted`, `stock_state.changed` from the orders feed, the promotion events of the seed
 * and of a merchant) parses with the schema its consumers use, from contracts/catalog/events.ts
 * and contracts/promotions/events.ts.
 */
let f: CatalogFixture;
beforeAll(async () => {
  f = await openFixture({ products: 5 });
});
afterAll(async () => {
  await f.close();
});

const feed = async () => ((await (await f.get("/internal/events?after=0&limit=1000")).json()) as { events: OutboxEvent[] }).events;

describe("catalog events match contracts/catalog/events.ts", () => {
  it("publishes payloads its consumers' schemas accept, for every event type", async () => {
    const product = f.catalog.products.find((p) => p.active && p.variants.some((v) => v.active));
    const variant = product?.variants.find((v) => v.active);
    if (!product || !variant) throw new Error("the seed has no active variant");
    expect((await f.merchant("PATCH", `/merchant/products/${product.slug}`, { variants: [{ id: variant.id, stock: 3 }] })).status).toBe(200);
    // What the orders service sends (its own contract's type), applied as the consumer does.
    const stock: StockChanged = { variantId: variant.id, available: 0 };
    await f.db.transaction((tx) => applyStockPage(tx, [{ seq: 1, type: STOCK_CHANGED, subject: variant.id, payload: stock, createdAt: new Date().toISOString() }]));

    const promotion = await f.merchant("POST", "/merchant/promotions", { name: "Codes", activation: "code", target: "product", effect: { kind: "buy_x_get_y", buy: 2, get: 1, basisPoints: 10_000 } });
    const { promotion: created } = (await promotion.json()) as { promotion: { id: string } };
    expect((await f.merchant("POST", `/merchant/promotions/${created.id}/codes`, { count: 3 })).status).toBe(201);

    const events = await feed();
    const schemas = { ...CATALOG_EVENTS, ...PROMOTION_EVENTS };
    for (const event of events) {
      const schema = schemas[event.type as keyof typeof schemas];
      expect(schema, `a schema for ${event.type}`).toBeDefined();
      expect(schema.safeParse(event.payload).error).toBeUndefined();
    }
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(["variant.upserted", "stock_state.changed", "promotion.upserted", "promotion.codes_generated"]));
  });
});
