import { resolve } from "node:path";
import { benchDatabases, benchRedisUrl, waitForCatalogFeed } from "./bench-postgres.ts";
import { BENCH_DIR, startEdgeStack, type EdgeStack } from "./edge-stack.ts";
import { startHello, type RunningWorker } from "./workers.ts";

/**
 * The stack a benchmark through the edge measures: the services on a real PostgreSQL (through the
 * Neon driver, as in production; BENCH_DB=pglite for the old path) and a real Redis when one
 * answers, the edge's production bundle under Miniflare, and the hello-world Worker whose
 * throughput is the ceiling every ratio is taken against in the same run. Measuring starts only
 * once orders has applied the catalog's whole feed: before that, a stack still busy replicating
 * 8,000 seed events would be measured instead of the edge, and checkouts of unknown variants fail.
 */
export interface BenchStack extends EdgeStack {
  hello: RunningWorker;
  /** What the services ran on, to print with the figures. */
  label: string;
}

export async function startBenchStack(portBase: number): Promise<BenchStack> {
  const databases = await benchDatabases();
  const redisUrl = await benchRedisUrl();
  let started: EdgeStack | undefined;
  try {
    started = await startEdgeStack(portBase, { env: databases.env, redisUrl });
    const waited = await waitForCatalogFeed(databases.urls, started.stack.urls.catalog);
    const hello = await startHello({ port: 0, dir: resolve(BENCH_DIR, "hello") });
    const label = `${databases.label}; redis: ${redisUrl ?? "in-memory bridge (no Redis answered)"}`;
    console.log(`stack on ${label}; orders caught up with the catalog feed in ${Math.round(waited)} ms`);
    const stack = started;
    return {
      ...stack,
      hello,
      label,
      close: async () => {
        await hello.close();
        await stack.close();
        await databases.close();
      },
    };
  } catch (err) {
    await started?.close();
    await databases.close();
    throw err;
  }
}
