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

  it("applies a page at once: each variant ends at its last level, and publishes only the states the page changes", async () => {
    // Variants the first spec leaves alone: it takes the first well-stocked one.
    const stocked = f.catalog.products.flatMap((p) => (p.active ? p.variants.filter((v) => v.active && v.stock > 10).map((v) => ({ ...v, product: p })) : []));
    const [, a, b, c, d] = stocked;
    if (!a || !b || !c || !d) throw new Error("the test seed has too few well-stocked variants");
    const consumer = createStockConsumer({ db: f.db, baseUrl: orders.url, secret: f.env.raw.SERVICE_SIGNING_SECRET });
    await consumer.pollOnce();
    const start = await version();

    const level = (v: { id: string }, available: unknown) => orders.publish("stock.changed", v.id, { variantId: v.id, available });
    await level(a, 8); // a: in stock, through low, to out
    await level(a, 3);
    await level(d, 4); // d: in stock to low
    await level(b, 2); // b: low for a moment, then back where it was
    await level(c, 7); // c: fewer, still in stock
    await level(a, 0);
    await level(b, b.stock);
    await level(c, "seven"); // breaks the contract: counted, changes nothing
    const last = await level(d, 4);
    expect(await consumer.pollOnce()).toBe(9);

    expect([await stockOf(a.id), await stockOf(b.id), await stockOf(c.id), await stockOf(d.id)]).toEqual([0, b.stock, 7, 4]);
    // In the order of each variant's last event; none for a state the page only passed through.
    expect((await eventsAfter(start)).map((e) => [e.subject, e.payload.stockState])).toEqual([
      [a.id, "out_of_stock"],
      [d.id, "low_stock"],
    ]);
    expect(consumer.rejected).toBe(1);
    expect(await consumer.position()).toBe(last);
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
