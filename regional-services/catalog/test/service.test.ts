import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProductDetail, ProductListPage } from "../../../contracts/catalog/views.ts";
import { signedFetch } from "../../../platform/signed-fetch.ts";
import { loadEnv, serviceEnv } from "../../shared/env.ts";
import type { RunningService } from "../../shared/server.ts";
import { generateCatalog } from "../seed/generate.ts";
import { start } from "../service.ts";
import { startOrdersFeed, type OrdersFeed } from "./orders-feed.ts";

/** The catalog as the dev runner and the test stack start it: a real server on a random port. */
describe("catalog service start()", () => {
  const raw = loadEnv({});
  let orders: OrdersFeed;
  let service: RunningService;

  beforeAll(async () => {
    orders = await startOrdersFeed(raw.SERVICE_SIGNING_SECRET);
    const env = serviceEnv("catalog", loadEnv({ CATALOG_PORT: "0", ORDERS_URL: orders.url }));
    service = await start({ env, memory: true, seedProducts: 15, seed: 5, feedIntervalMs: 50 });
  });
  afterAll(async () => {
    await service.close();
    await orders.close();
  });

  const get = async <T>(path: string): Promise<T> => {
    const res = await signedFetch(raw.EDGE_SIGNING_SECRET, service.url, path);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  it("listens on a free port with the seeded demo catalog", async () => {
    expect(service).toMatchObject({ name: "catalog", url: `http://127.0.0.1:${service.port}` });
    expect(service.port).toBeGreaterThan(0);
    const health = await fetch(`${service.url}/healthz`);
    expect(await health.json()).toEqual({ status: "ok", service: "catalog" });
    const page = await get<ProductListPage>("/catalog/products?limit=100");
    const expected = generateCatalog({ seed: 5, products: 15 }).products.filter((p) => p.active && p.variants.some((v) => v.active));
    expect(page.products.map((p) => p.id).sort()).toEqual(expected.map((p) => p.id).sort());
  });

  it("follows the orders feed on its own and moves the version when a variant sells out", async () => {
    const page = await get<ProductListPage>("/catalog/products?limit=100");
    const slug = page.products.find((p) => p.stockState === "in_stock")?.slug ?? "";
    const { product } = await get<{ product: ProductDetail }>(`/catalog/products/${slug}`);
    const variant = product.variants.find((v) => v.stockState !== "out_of_stock");
    const before = (await get<{ version: number }>("/catalog/version")).version;
    await orders.publish("stock.changed", variant?.id ?? "", { variantId: variant?.id, available: 0 });
    await expect
      .poll(async () => (await get<{ version: number }>("/catalog/version")).version, { timeout: 5_000, interval: 50 })
      .toBeGreaterThan(before);
    const after = await get<{ product: ProductDetail }>(`/catalog/products/${slug}`);
    expect(after.product.variants.find((v) => v.id === variant?.id)?.stockState).toBe("out_of_stock");
  });
});
