import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { FLOOR_WORKER } from "./floor-worker.ts";

/**
 * Runs Workers for benchmarks through Miniflare's API (one workerd, its own HTTP server): roughly
 * 4× faster than `wrangler dev`, which adds a proxy Worker and the inspector. The edge and the
 * hello-world ceiling run in exactly the same mode, so their ratio is meaningful.
 */
const root = resolve(import.meta.dirname, "../..");
const COMPATIBILITY_DATE = "2026-11-01";

export interface RunningWorker {
  url: string;
  close(): Promise<void>;
}

/**
 * Requests go straight to the Worker through a direct socket, not through Miniflare's entry
 * Worker (which adds a hop that production does not have), for the edge and the ceiling alike.
 */
async function startMiniflare(options: Parameters<typeof convertV4MiniflareOptions>[0], port: number): Promise<RunningWorker> {
  const mf = new Miniflare(convertV4MiniflareOptions({ ...options, unsafeDirectSockets: [{ host: "127.0.0.1", port }] }));
  await mf.ready;
  const url = await mf.unsafeGetDirectURL();
  return { url: url.toString().replace(/\/$/, ""), close: () => mf.dispose() };
}

/**
 * The production bundle of the edge Worker, built by wrangler exactly as `wrangler deploy` would;
 * `from` another checkout of the project (bench/ab-edge.ts builds the code before a change).
 */
export function buildEdgeBundle(outDir: string, from = root): string {
  mkdirSync(outDir, { recursive: true });
  execFileSync(process.execPath, [resolve(from, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", outDir], {
    cwd: from,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    stdio: "ignore",
  });
  return resolve(outDir, "index.js");
}

/**
 * BENCH_EDGE_INSPECTOR_PORT opens workerd's inspector (DevTools protocol) on that port of
 * 127.0.0.1, for bench/profile-edge.ts to sample the edge's CPU; unset, there is none.
 */
function inspectorOption(): { inspectorPort?: number; inspectorHost?: string } {
  const port = Number(process.env.BENCH_EDGE_INSPECTOR_PORT);
  return Number.isInteger(port) && port > 0 ? { inspectorPort: port, inspectorHost: "127.0.0.1" } : {};
}

export function startEdge(options: { scriptPath: string; port: number; bindings: Record<string, string>; persistTo: string }): Promise<RunningWorker> {
  return startMiniflare({
    ...inspectorOption(),
    host: "127.0.0.1",
    modules: true,
    scriptPath: options.scriptPath,
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags: ["nodejs_compat"],
    bindings: options.bindings,
    kvNamespaces: ["CATALOG_KV"],
    durableObjects: { CART: { className: "CartObject", useSQLite: true }, STOCK: { className: "StockObject", useSQLite: true } },
    cache: true,
    resourcePersistencePath: options.persistTo,
  }, options.port);
}

/** A bare hello-world Worker: the ceiling of what this runtime serves on this machine. */
export function startHello(options: { port: number; dir: string }): Promise<RunningWorker> {
  mkdirSync(options.dir, { recursive: true });
  const scriptPath = resolve(options.dir, "hello.js");
  writeFileSync(scriptPath, `export default { fetch() { return new Response('{"hello":"world"}', { headers: { "content-type": "application/json" } }); } };\n`);
  return startMiniflare({
    host: "127.0.0.1",
    modules: true,
    scriptPath,
    compatibilityDate: COMPATIBILITY_DATE,
  }, options.port);
}

/** The runtime's floor for each kind of edge request (lib/floor-worker.ts), with one Durable Object class. */
export function startFloor(options: { port: number; dir: string; persistTo: string }): Promise<RunningWorker> {
  mkdirSync(options.dir, { recursive: true });
  const scriptPath = resolve(options.dir, "floor.js");
  writeFileSync(scriptPath, FLOOR_WORKER);
  return startMiniflare({
    host: "127.0.0.1",
    modules: true,
    scriptPath,
    compatibilityDate: COMPATIBILITY_DATE,
    durableObjects: { FLOOR: { className: "Floor", useSQLite: true } },
    resourcePersistencePath: options.persistTo,
  }, options.port);
}
