import type { ServiceEnv } from "../shared/env.ts";
import { createRedis } from "../shared/redis.ts";
import { databaseOptions, onDatabase, serviceUrl } from "../shared/lifecycle.ts";
import { listen, type RunningService } from "../shared/server.ts";
import { startSweeper } from "./abandoned.ts";
import { createOrdersApp } from "./app.ts";
import { createCatalogConsumer } from "./catalog-feed.ts";
import { openOrdersDatabase } from "./db.ts";
import { createPaymentsConsumer } from "./payments-feed.ts";
import { httpPaymentsClient } from "./payments-client.ts";

export interface StartOptions {
  env: ServiceEnv;
  /** A throwaway in-memory PGlite database instead of `env.dataDir` (ignored with a database URL). */
  memory?: boolean;
  /** How often the catalog and payments feeds are polled. */
  feedIntervalMs?: number;
}

/**
 * Starts the orders service: opens and migrates its database, follows the catalog feed (offers
 * and stock) and the payments feed (payment outcomes), cancels abandoned orders now and then,
 * and listens. `close()` undoes it all.
 */
export async function start(options: StartOptions): Promise<RunningService> {
  const { env } = options;
  const raw = env.raw;
  return onDatabase(await openOrdersDatabase(databaseOptions(env, options.memory)), async (db) => {
    const feed = { db, secret: raw.SERVICE_SIGNING_SECRET, intervalMs: options.feedIntervalMs };
    const consumers = [createCatalogConsumer({ ...feed, baseUrl: raw.CATALOG_URL }), createPaymentsConsumer({ ...feed, baseUrl: raw.PAYMENTS_URL })];
    const payments = httpPaymentsClient({ baseUrl: raw.PAYMENTS_URL, secret: raw.SERVICE_SIGNING_SECRET });
    const app = createOrdersApp({
      db,
      payments,
      signingSecrets: [raw.EDGE_SIGNING_SECRET, raw.SERVICE_SIGNING_SECRET],
      redis: createRedis(raw),
      consumers,
    });
    const server = await listen(app, env.port, env.host);
    for (const consumer of consumers) consumer.start();
    const sweeper = startSweeper({ db, payments });
    return {
      name: "orders",
      port: server.port,
      url: serviceUrl(env.host, server.port),
      close: async () => {
        await sweeper.stop();
        for (const consumer of consumers) await consumer.stop();
        await server.close();
      },
    };
  });
}
