import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProductDetail } from "../../../contracts/catalog/views.ts";
import type { OutboxEvent } from "../../shared/outbox.ts";
import { variants } from "../schema.ts";
import type { StockStateChanged } from "../../../contracts/catalog/events.ts";
import { createStockConsumer } from "../stock-feed.ts";
import { openFixture, type CatalogFixture } from "./fixture.ts";
import { startOrdersFeed, type OrdersFeed } from "./orders-feed.ts";

let f: CatalogFixture;
let orders: OrdersFeed;
beforeAll(async () => {
  f = await openFixture({ products: 20 });
  orders = await startOrdersFeed(f.env.raw.SERVICE_SIGNING_SECRET);
});
afterAll(async () => {
  await orders.close();
  await f.close();
});

const version = async () => ((await (await f.get("/catalog/version")).json()) as { version: number }).version;
const eventsAfter = async (seq: number) => ((await (await f.get(`/internal/events?after=${seq}`)).json()) as { events: OutboxEvent<StockStateChanged>[] }).events;
const stockOf = async (id: string) => (await f.db.select({ stock: variants.stock }).from(variants).where(eq(variants.id, id)))[0]?.stock;

describe("following the orders service's stock feed", () => {
  const consumer = () => createStockConsumer({ db: f.db, baseUrl: orders.url, secret: f.env.raw.SERVICE_SIGNING_SECRET });

  it("updates displayed stock, and publishes only when the stock state shoppers see changes", async () => {
    const p = f.catalog.products.find((x) => x.active && x.variants.some((v) => v.active && v.stock > 10));
    const v = p?.variants.find((x) => x.active && x.stock > 10);
    if (!p || !v) throw new Error("the test seed has no well-stocked variant");
    const c = consumer();
    const start = await version();

    await orders.publish("stock.changed", v.id, { variantId: v.id, available: 9 });
    expect(await c.pollOnce()).toBe(1);
    expect(await stockOf(v.id)).toBe(9);
    expect(await version()).toBe(start);

    await orders.publish("stock.changed", v.id, { variantId: v.id, available: 2 });
    await orders.publish("order.created", "ord_1", { orderId: "ord_1" });
    await orders.publish("stock.changed", "var_unknown", { variantId: "var_unknown", available: 1 });
    expect(await c.pollOnce()).toBe(3);
    const afterLow = await eventsAfter(start);
    expect(afterLow.map((e) => [e.type, e.payload])).toEqual([
      ["stock_state.changed", { variantId: v.id, productId: p.id, productSlug: p.slug, stockState: "low_stock" }],
    ]);

    await orders.publish("stock.changed", v.id, { variantId: v.id, available: 0 });
    await orders.publish("stock.changed", v.id, { variantId: v.id, available: 0 });
    expect(await c.pollOnce()).toBe(2);
    expect((await eventsAfter(start)).map((e) => e.payload.stockState)).toEqual(["low_stock", "out_of_stock"]);
    const shown = ((await (await f.get(`/catalog/products/${p.slug}`)).json()) as { product: ProductDetail }).product;
    expect(shown.variants.find((x) => x.id === v.id)?.stockState).toBe("out_of_stock");
    expect(await c.position()).toBe(6);
  });

  it("keeps its place when the orders service is down, and fails the poll rather than skipping", async () => {
    const down = createStockConsumer({ db: f.db, baseUrl: "http://127.0.0.1:1", secret: f.env.raw.SERVICE_SIGNING_SECRET });
    const before = await down.position();
    await expect(down.pollOnce()).rejects.toThrow();
    expect(await down.position()).toBe(before);
  });

  it("is refused by a feed that does not know its signature", async () => {
    const wrong = createStockConsumer({ db: f.db, baseUrl: orders.url, secret: "some-other-service-secret" });
    await expect(wrong.pollOnce()).rejects.toThrow(/401/);
  });
});
