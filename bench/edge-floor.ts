import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { loadavg } from "node:os";
import { measureCpuShare, cpuShareRows, type CpuShare } from "./lib/cpu-share.ts";
import { BENCH_DIR } from "./lib/edge-stack.ts";
import { printTable } from "./lib/load.ts";
import { BenchSummary } from "./lib/summary.ts";
import { startFloor, startHello } from "./lib/workers.ts";

/**
 * `node bench/edge-floor.ts`: how close to hello-world the edge could possibly get on this
 * runtime and machine. A bare Worker (lib/floor-worker.ts) answers bodies the size of the edge's
 * answers with as many headers (the JSON product list, a product page, a listing page), calls a
 * Durable Object over RPC and returns (what every cart request must do), and has the object write
 * one SQLite row first (what an add to cart must do at least). Each is measured right after a
 * hello-world Worker, in the same runtime mode as bench:catalog and bench:cart, so its share is
 * the ceiling of the matching edge figure. BENCH_SECONDS (8), BENCH_CONNECTIONS (50).
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const state = existsSync("/dev/shm") ? "/dev/shm/edgeshop-floor" : resolve(BENCH_DIR, "floor-state");
rmSync(state, { recursive: true, force: true });
const hello = await startHello({ port: 0, dir: resolve(BENCH_DIR, "hello") });
const floor = await startFloor({ port: 0, dir: resolve(BENCH_DIR, "floor"), persistTo: state });

try {
  // Sizes and header counts as the edge answers them (bench/profile-edge.ts sources prints them).
  const targets = [
    { key: "list", name: "15 KB answer, 18 headers (as GET /api/products?limit=20)", path: "/answer?bytes=14900&headers=18" },
    { key: "product", name: "13 KB answer, 17 headers (as a product page)", path: "/answer?bytes=13400&headers=17" },
    { key: "listing", name: "35 KB answer, 17 headers (as a listing page)", path: "/answer?bytes=35100&headers=17" },
    { key: "rpc", name: "one Durable Object RPC, 200 objects", path: "/noop" },
    { key: "write", name: "one Durable Object RPC writing one SQLite row", path: "/write" },
  ];
  const opts = { connections: CONNECTIONS, durationSeconds: DURATION };
  await measureCpuShare("warm-up", `${floor.url}/write`, `${hello.url}/`, { ...opts, durationSeconds: 2 });
  const shares: Record<string, CpuShare> = {};
  for (const t of targets) shares[t.key] = await measureCpuShare(t.name, `${floor.url}${t.path}`, `${hello.url}/`, opts);
  printTable(`the runtime's floor for edge requests — ${CONNECTIONS} connections, ${DURATION} s each, Miniflare; load average ${(loadavg()[0] ?? 0).toFixed(2)}`, cpuShareRows(Object.values(shares)));
  const summary = new BenchSummary("edge-floor");
  for (const t of targets) {
    const share = shares[t.key];
    if (share) summary.info(`${t.name}, share of ceiling`, share.percent, "%").info(`${t.name}, share by CPU per request`, share.cpuPercent, "%");
  }
  summary.report();
} finally {
  await floor.close();
  await hello.close();
  rmSync(state, { recursive: true, force: true });
}
