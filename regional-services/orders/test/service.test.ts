import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedFetch } from "../../../platform/signed-fetch.ts";
import { generateCatalog, startCatalog } from "../../../scripts/test-siblings.ts";
import { loadEnv, serviceEnv } from "../../shared/env.ts";
import type { RunningService } from "../../shared/server.ts";
import { createScratchDatabase, postgresAvailable, redisAvailable, TEST_REDIS_URL, type ScratchDatabase } from "../../shared/testing.ts";
import { startUpstashBridge, type RunningBridge } from "../../upstash-bridge/server.ts";
import type { CheckoutResponse } from "../../../contracts/orders/api.ts";
import { start } from "../service.ts";
import { checkoutBody, startPayments, TEST_CARDS, type TestPayments } from "./harness.ts";

/**
 * The orders service as the dev runner and the test stack start it: its own port, its database
 * (Postgres through the Neon driver when one runs here), the real catalog and payments beside it.
 */
const SEED = 97;
const seeded = generateCatalog({ seed: SEED, products: 4 }).products.flatMap((p) => (p.active ? p.variants.filter((v) => v.active && v.stock > 0) : []));
const usePostgres = await postgresAvailable();
const useRedis = await redisAvailable();

describe("orders start()", () => {
  let catalog: RunningService;
  let payments: TestPayments;
  let bridge: RunningBridge | undefined;
  let scratch: ScratchDatabase | undefined;
  let orders: RunningService;
  let raw: ReturnType<typeof loadEnv>;

  beforeAll(async () => {
    const base = loadEnv({ CATALOG_PORT: "0", HOST: "127.0.0.1", ORDERS_URL: "http://127.0.0.1:1" });
    catalog = await startCatalog({ env: serviceEnv("catalog", base), memory: true, seedProducts: 4, seed: SEED, feedIntervalMs: 60_000 });
    payments = await startPayments();
    bridge = useRedis ? await startUpstashBridge({ port: 0, token: base.UPSTASH_REDIS_REST_TOKEN, redisUrl: TEST_REDIS_URL }) : undefined;
    scratch = usePostgres ? await createScratchDatabase("orders_service") : undefined;
    raw = loadEnv({
      ORDERS_PORT: "0",
      HOST: "127.0.0.1",
      CATALOG_URL: catalog.url,
      PAYMENTS_URL: payments.url,
      ...(bridge ? { UPSTASH_REDIS_REST_URL: bridge.url } : {}),
      ...(scratch ? { ORDERS_DATABASE_URL: scratch.url } : {}),
    });
    orders = await start({ env: serviceEnv("orders", raw), memory: true, feedIntervalMs: 50 });
  });
  afterAll(async () => {
    await orders.close();
    await payments.service.close();
    await catalog.close();
    await bridge?.close();
    await scratch?.drop();
  });

  it("listens on the port it was given (0: a free one) and reports itself healthy", async () => {
    expect(orders.name).toBe("orders");
    expect(orders.port).toBeGreaterThan(0);
    expect(orders.url).toBe(`http://127.0.0.1:${orders.port}`);
    expect(await (await fetch(`${orders.url}/healthz`)).json()).toEqual({ status: "ok", service: "orders" });
  });

  it("sells what the catalog seeded, once its feed has arrived, and publishes the sale on its own feed", async () => {
    // Plenty in stock, so the sale does not also cross the low-stock threshold (stock.low, its own spec).
    const variant = seeded.find((v) => v.stock > raw.LOW_STOCK_THRESHOLD + 1);
    if (!variant) throw new Error("the seed made nothing sellable above the low-stock threshold");
    const token = await payments.tokenize(TEST_CARDS.succeeds);
    const body = checkoutBody(token, [{ variantId: variant.id, quantity: 1, unitPrice: variant.prices.USD }]);
    const key = `service-${crypto.randomUUID()}`;
    let res: Response | undefined;
    for (let i = 0; i < 100; i++) {
      res = await signedFetch(raw.EDGE_SIGNING_SECRET, orders.url, "/orders/checkout", { json: body, headers: { "idempotency-key": key } });
      if (res.status !== 409) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(res?.status).toBe(201);
    const { order } = (await res?.json()) as CheckoutResponse;
    expect(order.status).toBe("paid");
    const feed = await signedFetch(raw.SERVICE_SIGNING_SECRET, orders.url, "/internal/events?after=0");
    const { events } = (await feed.json()) as { events: { type: string; payload: unknown }[] };
    expect(events.map((e) => e.type)).toEqual(["order.created", "stock.changed", "order.paid"]);
    expect(events[1]?.payload).toEqual({ variantId: variant.id, available: variant.stock - 1 });
  });

  it("tells how far it has read each sibling's feed", async () => {
    const catalogVersion = (await (await signedFetch(raw.SERVICE_SIGNING_SECRET, catalog.url, "/catalog/version")).json()) as { version: number };
    const catalogPosition = async () => {
      const res = await signedFetch(raw.SERVICE_SIGNING_SECRET, orders.url, "/internal/feeds");
      const { feeds } = (await res.json()) as { feeds: { feed: string; position: number }[] };
      return feeds.find((f) => f.feed === "catalog")?.position;
    };
    await expect.poll(catalogPosition, { timeout: 5_000 }).toBe(catalogVersion.version);
  });

  it("refuses unsigned requests", async () => {
    expect((await fetch(`${orders.url}/orders?sessionId=s`)).status).toBe(401);
    expect((await fetch(`${orders.url}/internal/events`)).status).toBe(401);
  });
});
