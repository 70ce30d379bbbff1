import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { regionsFor, startStack, type Stack, type StackOptions } from "../../scripts/stack.ts";
import { buildEdgeBundle, startEdge, type RunningWorker } from "./workers.ts";

/**
 * The whole platform for a benchmark: the regional stack in this process (fresh in-memory
 * databases, the 2,000-product demo catalog) and the production bundle of the edge Worker under
 * Miniflare, pointed at it.
 */
export interface EdgeStack {
  edge: RunningWorker;
  stack: Stack;
  close(): Promise<void>;
}

export const BENCH_DIR = resolve(import.meta.dirname, "../../.data/bench");

function freshDir(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

/** `databases`: the services' `<SERVICE>_DATABASE_URL`s and a Redis (bench-postgres.ts); without them, PGlite in memory. */
export async function startEdgeStack(portBase = 19500, databases: Pick<StackOptions, "env" | "redisUrl"> = {}): Promise<EdgeStack> {
  const stack = await startStack({
    ports: { bridge: portBase, catalog: portBase + 1, orders: portBase + 2, payments: portBase + 3, customers: portBase + 4 },
    memory: true,
    ...databases,
  });
  try {
    const edge = await startEdge({
      scriptPath: buildEdgeBundle(resolve(BENCH_DIR, "edge-bundle")),
      port: 0,
      bindings: {
        ENVIRONMENT: "bench",
        REGIONS: regionsFor(stack.urls),
        DEFAULT_REGION: "local",
        EDGE_SIGNING_SECRET: "dev-edge-signing-secret-change-me",
        SESSION_SECRET: "dev-session-secret-change-me-please-32b",
        CATALOG_VERSION_TTL_MS: "1000",
      },
      persistTo: freshDir(resolve(BENCH_DIR, "edge-state")),
    });
    return {
      edge,
      stack,
      close: async () => {
        await edge.close();
        await stack.close();
      },
    };
  } catch (err) {
    await stack.close();
    throw err;
  }
}

/** A fresh shopper: the session cookie the edge sets on a first visit. */
export async function sessionCookie(edgeUrl: string): Promise<string> {
  const res = await fetch(`${edgeUrl}/api/cart`);
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  await res.arrayBuffer();
  if (!cookie) throw new Error("the edge did not set a session cookie");
  return cookie;
}
