import { resolve } from "node:path";
import { loadEnv, serviceEnv, SERVICES, type ServiceName } from "../regional-services/shared/env.ts";
import type { RunningService } from "../regional-services/shared/server.ts";
import { startUpstashBridge } from "../regional-services/upstash-bridge/server.ts";

/**
 * Starts the regional side of edgeshop in this process: the Upstash REST bridge and every
 * regional service, each on its own database. The Worker tests, the end-to-end test and the
 * benchmarks use it; `npm run dev` starts the same services as separate processes instead.
 */
export interface StackOptions {
  /** Ports; 0 picks a free one. Services must know each other's URLs, so fixed ports are simplest. */
  ports: Record<ServiceName | "bridge", number>;
  /** Throwaway PGlite databases in memory (tests), or folders under dataDir. */
  memory?: boolean;
  dataDir?: string;
  /** A real Redis behind the bridge; without it the bridge keeps data in memory. */
  redisUrl?: string | undefined;
  /** Size of the demo catalog seeded on first start. */
  seedProducts?: number;
  /** Extra environment (secrets, DATABASE_URLs) layered over the embedded defaults. */
  env?: Record<string, string>;
  /** Start only these services (default: all). */
  only?: readonly ServiceName[];
}

export interface Stack {
  urls: Record<ServiceName | "bridge", string>;
  services: RunningService[];
  close(): Promise<void>;
}

interface ServiceModule {
  start(options: { env: ReturnType<typeof serviceEnv>; memory?: boolean; seedProducts?: number; devOwner?: boolean }): Promise<RunningService>;
}

export function stackEnv(options: StackOptions): Record<string, string> {
  const url = (port: number) => `http://127.0.0.1:${port}`;
  return {
    ...(options.dataDir ? { DATA_DIR: resolve(options.dataDir) } : {}),
    UPSTASH_REDIS_REST_URL: url(options.ports.bridge),
    CATALOG_URL: url(options.ports.catalog),
    ORDERS_URL: url(options.ports.orders),
    PAYMENTS_URL: url(options.ports.payments),
    CUSTOMERS_URL: url(options.ports.customers),
    CATALOG_PORT: String(options.ports.catalog),
    ORDERS_PORT: String(options.ports.orders),
    PAYMENTS_PORT: String(options.ports.payments),
    CUSTOMERS_PORT: String(options.ports.customers),
    // The test stacks' webhook receivers listen on 127.0.0.1.
    WEBHOOKS_ALLOW_PRIVATE: "true",
    ...options.env,
  };
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const raw = loadEnv({ ...process.env, ...stackEnv(options) });
  const bridge = await startUpstashBridge({
    port: options.ports.bridge,
    token: raw.UPSTASH_REDIS_REST_TOKEN,
    redisUrl: options.redisUrl,
  });
  const services: RunningService[] = [];
  const close = async () => {
    for (const s of services.reverse()) await s.close();
    await bridge.close();
  };
  try {
    // Catalog first: it seeds the demo catalog, whose feed the orders service then consumes.
    for (const name of SERVICES.filter((n) => !options.only || options.only.includes(n))) {
      const mod = (await import(`../regional-services/${name}/service.ts`)) as ServiceModule;
      // The customers service makes the dev owner (DEV_OWNER_EMAIL) on a fresh database; the others ignore it.
      const startOptions: Parameters<ServiceModule["start"]>[0] = { env: serviceEnv(name, raw), devOwner: true };
      if (options.memory) startOptions.memory = true;
      if (options.seedProducts !== undefined) startOptions.seedProducts = options.seedProducts;
      services.push(await mod.start(startOptions));
    }
  } catch (err) {
    await close();
    throw err;
  }
  const urls = {
    bridge: bridge.url,
    ...Object.fromEntries(services.map((s) => [s.name, s.url])),
  } as Record<ServiceName | "bridge", string>;
  return { urls, services, close };
}

/** REGIONS for the Worker, pointing its one local region at a running stack. */
export function regionsFor(urls: Record<ServiceName, string>): string {
  return JSON.stringify({
    local: { catalog: urls.catalog, orders: urls.orders, payments: urls.payments, customers: urls.customers },
  });
}
