import { createScratchDatabase, redisAvailable, TEST_REDIS_URL } from "../regional-services/shared/testing.ts";
import { loadEnv, serviceEnv } from "../regional-services/shared/env.ts";
import { signedFetch } from "../platform/signed-fetch.ts";
import type { PromotionDefinition } from "../domain/promotions/model.ts";
import { startPayments } from "../scripts/test-siblings.ts";
import { startUpstashBridge } from "../regional-services/upstash-bridge/server.ts";
import { start as startOrders } from "../regional-services/orders/service.ts";
import { openOrdersDatabase } from "../regional-services/orders/db.ts";
import { applyCatalogEvent } from "../regional-services/orders/catalog-feed.ts";
import { measureFlow, printTable, type LoadResult } from "./lib/load.ts";
import { BenchSummary } from "./lib/summary.ts";

/**
 * `npm run bench:promotions`: checkouts per second against a real orders service (Postgres through
 * the Neon driver, Redis through the Upstash bridge, the real payments service) with no promotion,
 * then with a promotion whose uses are limited (every checkout takes its counter row), then with a
 * limit and a budget per currency. Uses never run out here, so every checkout is a discounted order
 * and the difference is the cost of counting. Figures are printed, never asserted.
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 15);
const CONCURRENCY = Number(process.env.BENCH_CHECKOUT_CONCURRENCY ?? 20);
const PRICE = 2500;

if (!(await redisAvailable())) throw new Error(`this benchmark needs Redis at ${TEST_REDIS_URL}`);
const scratch = await createScratchDatabase("bench_promotions");
const bridge = await startUpstashBridge({ port: 0, token: "bench-token", redisUrl: TEST_REDIS_URL });
const base = { HOST: "127.0.0.1", UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: "bench-token" };
const payments = await startPayments({ env: serviceEnv("payments", loadEnv({ ...base, PAYMENTS_PORT: "0" })), memory: true });
// CATALOG_URL points nowhere: the offers and promotions are fed in below, as the catalog feed would.
const raw = loadEnv({ ...base, ORDERS_PORT: "0", ORDERS_DATABASE_URL: scratch.url, PAYMENTS_URL: payments.url, CATALOG_URL: "http://127.0.0.1:9" });
const orders = await startOrders({ env: serviceEnv("orders", raw) });
const seeder = await openOrdersDatabase({ url: scratch.url, dataDir: "", migrate: false });

let seq = 0;
const feed = (type: string, subject: string, payload: unknown) =>
  seeder.db.transaction((tx) => applyCatalogEvent(tx, { seq: ++seq, type, subject, payload, createdAt: new Date().toISOString() }));

function promotion(id: string, code: string, limits: PromotionDefinition["limits"]): PromotionDefinition {
  return {
    id,
    name: id,
    description: "5.00 off",
    status: "active",
    activation: "code",
    codes: [code],
    target: "order",
    effect: { kind: "fixed_amount", amountOff: { USD: 500 } },
    conditions: {},
    limits,
    combination: { combinable: true, combinesWith: ["product", "order", "shipping"], priority: 0 },
    startsAt: null,
    endsAt: null,
    updatedAt: new Date().toISOString(),
  };
}

async function tokenize(): Promise<string> {
  const res = await signedFetch(raw.EDGE_SIGNING_SECRET, payments.url, "/payments/tokens", { json: { card: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" } });
  if (res.status !== 201) throw new Error(`tokenize answered ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

const address = { name: "Bench Shopper", line1: "1 Loop Road", city: "Localhost", postalCode: "12345", country: "US" };

async function run(name: string, codes: string[], run: string): Promise<LoadResult> {
  const token = await tokenize();
  return measureFlow(
    name,
    async (i) => {
      const started = performance.now();
      const res = await signedFetch(raw.EDGE_SIGNING_SECRET, orders.url, "/orders/checkout", {
        headers: { "idempotency-key": `bench-${run}-${i}` },
        json: {
          cartId: `cart-${run}-${i}`,
          owner: { sessionId: `session-${run}-${i}` },
          currency: "USD",
          email: `shopper-${run}-${i}@example.test`,
          shippingAddress: address,
          lines: [{ variantId: "bench-tee", quantity: 1, unitPrice: PRICE }],
          promotionCodes: codes,
          paymentToken: token,
        },
      });
      const body = (await res.json()) as { order?: { status: string; discountTotal: number } };
      if (res.status !== 201 || body.order?.status !== "paid") throw new Error(`checkout answered ${res.status}`);
      if (codes.length > 0 && body.order.discountTotal === 0) throw new Error("the promotion was not applied");
      return performance.now() - started;
    },
    { concurrency: CONCURRENCY, durationSeconds: DURATION },
  );
}

try {
  await feed("variant.upserted", "bench-tee", {
    variantId: "bench-tee",
    productId: "prod-bench",
    productSlug: "bench-tee",
    title: "Bench Tee",
    sku: "BENCH-TEE",
    imageUrl: "/images/bench.svg",
    prices: { USD: PRICE },
    active: true,
    stockOnHand: 10_000_000,
  });
  await feed("promotion.upserted", "promo_limited", promotion("promo_limited", "LIMITED", { totalUses: 10_000_000 }));
  await feed("promotion.upserted", "promo_budget", promotion("promo_budget", "BUDGET", { totalUses: 10_000_000, usesPerCustomer: 1, budget: { USD: 1_000_000_000 } }));
  const rows = [
    await run("checkout, no promotion", [], "none"),
    await run("checkout, code with a use limit", ["LIMITED"], "limited"),
    await run("checkout, limit + per-customer + budget", ["BUDGET"], "budget"),
  ];
  printTable(`promotion-limit contention — ${CONCURRENCY} concurrent checkouts against one promotion, ${DURATION} s each (requests = orders placed and paid)`, rows);
  const summary = new BenchSummary("promotion-contention");
  for (const r of rows) summary.info(`${r.name}: orders/s`, r.rps, "orders/s").info(`${r.name}: p99`, r.p99, "ms");
  summary.atMost("failed checkouts", rows.reduce((n, r) => n + r.errors, 0), "", 0).report();
} finally {
  await orders.close();
  await seeder.close();
  await payments.close();
  await bridge.close();
  await scratch.drop();
}
// Everything this bench started is closed; a driver's idle pool or timer must not keep the run
// (and npm run bench after it) waiting.
process.exit(process.exitCode ?? 0);
