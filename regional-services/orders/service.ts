import type { ServiceEnv } from "../shared/env.ts";
import { createRedis } from "../shared/redis.ts";
import { databaseOptions, onDatabase, serveService, type BackgroundTask } from "../shared/lifecycle.ts";
import type { RunningService } from "../shared/server.ts";
import { startSweeper } from "./abandoned.ts";
import { createOrdersApp } from "./app.ts";
import { createCatalogConsumer } from "./catalog-feed.ts";
import { createCustomersConsumer } from "./customers-feed.ts";
import { openOrdersDatabase } from "./db.ts";
import { createPaymentsConsumer } from "./payments-feed.ts";
import { httpPaymentsClient } from "./payments-client.ts";
import { owedRefundsTask } from "./owed-refunds.ts";
import { setLowStockThreshold } from "./stock-low.ts";

export interface StartOptions {
  env: ServiceEnv;
  /** A throwaway in-memory PGlite database instead of `env.dataDir` (ignored with a database URL). */
  memory?: boolean;
  /** How often the catalog and payments feeds are polled. */
  feedIntervalMs?: number;
}

/**
 * Starts the orders service: opens and migrates its database, follows the catalog feed (offers,
 * stock, promotions), the payments feed (payment outcomes) and the customers feed (customer tags), cancels abandoned orders now and then,
 * and listens. `close()` undoes it all.
 */
export async function start(options: StartOptions): Promise<RunningService> {
  const { env } = options;
  const raw = env.raw;
  setLowStockThreshold(raw.LOW_STOCK_THRESHOLD);
  return onDatabase(await openOrdersDatabase(databaseOptions(env, options.memory)), async (db) => {
    const feed = { db, secret: raw.SERVICE_SIGNING_SECRET, intervalMs: options.feedIntervalMs };
    const consumers = [
      createCatalogConsumer({ ...feed, baseUrl: raw.CATALOG_URL }),
      createPaymentsConsumer({ ...feed, baseUrl: raw.PAYMENTS_URL }),
      createCustomersConsumer({ ...feed, baseUrl: raw.CUSTOMERS_URL }),
    ];
    const payments = httpPaymentsClient({ baseUrl: raw.PAYMENTS_URL, secret: raw.SERVICE_SIGNING_SECRET });
    const app = createOrdersApp({
      db,
      payments,
      signingSecrets: [raw.EDGE_SIGNING_SECRET, raw.SERVICE_SIGNING_SECRET],
      reservationSecrets: [raw.EDGE_SIGNING_SECRET],
      merchant: { edgeSecrets: [raw.EDGE_SIGNING_SECRET], legacyToken: raw.MERCHANT_TOKEN },
      redis: createRedis(raw),
      consumers,
      refundLimit: raw.FULFILMENT_REFUND_LIMIT,
    });
    let sweeper: { stop(): Promise<void> } | undefined;
    const sweeping: BackgroundTask = {
      start() {
        sweeper = startSweeper({ db, payments });
      },
      stop: async () => {
        await sweeper?.stop();
      },
    };
    return serveService("orders", env, app, [...consumers, sweeping, owedRefundsTask(db, payments, raw.OWED_REFUNDS_INTERVAL_MS)]);
  });
}
