import type { ServiceEnv } from "../shared/env.ts";
import { log } from "../../platform/log.ts";
import { databaseOptions, onDatabase, serveService } from "../shared/lifecycle.ts";
import type { RunningService } from "../shared/server.ts";
import { createCatalogApp } from "./app.ts";
import { openCatalogDatabase } from "./db.ts";
import { DEFAULT_PRODUCT_COUNT, DEFAULT_SEED } from "./seed/generate.ts";
import { seedCatalog } from "./seed/seed.ts";
import { createStockConsumer } from "./stock-feed.ts";

export interface StartOptions {
  env: ServiceEnv;
  /** A throwaway in-memory PGlite database instead of `env.dataDir` (ignored with a database URL). */
  memory?: boolean;
  /** Size of the demo catalog seeded into an empty database (default 2,000; 0 seeds nothing). */
  seedProducts?: number;
  seed?: number;
  /** How often the orders feed is polled. */
  feedIntervalMs?: number;
}

/**
 * Starts the catalog service: opens and migrates its database, seeds the demo catalog on first
 * start, follows the orders service's stock feed and listens. `close()` undoes it all in reverse.
 */
export async function start(options: StartOptions): Promise<RunningService> {
  const { env } = options;
  return onDatabase(await openCatalogDatabase(databaseOptions(env, options.memory)), async (db) => {
    const products = options.seedProducts ?? DEFAULT_PRODUCT_COUNT;
    if (products > 0) {
      const seeded = await seedCatalog(db, { seed: options.seed ?? DEFAULT_SEED, products });
      if (seeded.seeded || seeded.promotions > 0) log("info", "seeded demo catalog", { service: "catalog", products: seeded.products, variants: seeded.variants, promotions: seeded.promotions });
    }
    const consumer = createStockConsumer({ db, baseUrl: env.raw.ORDERS_URL, secret: env.raw.SERVICE_SIGNING_SECRET, intervalMs: options.feedIntervalMs });
    return serveService("catalog", env, createCatalogApp({ db, env }), [consumer]);
  });
}
