import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { devStackMemory, total, type Usage } from "./lib/memory.ts";
import { BenchSummary } from "./lib/summary.ts";
import { SERVICES } from "../regional-services/shared/env.ts";
import { NODE_MEMORY_FLAGS } from "../regional-services/shared/node-flags.ts";

/**
 * `npm run bench:ready`: how long a fresh clone's first `npm run dev` takes to "edgeshop is running"
 * (an empty data folder: initdb, migrations, the demo catalog seeded, orders replaying its feed,
 * the Worker built), and how long a restart on the same data takes. Runs scripts/dev.ts itself on
 * its own ports and data folder, so it disturbs no developer's `npm run dev`, and prints when each
 * part first and last spoke, to show what dominates. Targets (issue 9): ≤ 20 s and ≤ 5 s.
 *
 * Each time, once it is running and has rested (READY_REST_SECONDS, 10), it also prints each
 * part's memory (RSS, and PSS, which counts a shared page once) and the whole stack's footprint
 * (PSS summed over every process `npm run dev` started): issue 9 wants each service ≤ 150 MB RSS
 * at rest. READY_REPEATS (1) restarts that many times and reports the median restart.
 */
const PORT_BASE = Number(process.env.READY_PORT_BASE ?? 18600);
const TIMEOUT_MS = 180_000;
const REST_SECONDS = Number(process.env.READY_REST_SECONDS ?? 10);
const REPEATS = Math.max(1, Number(process.env.READY_REPEATS ?? 1));
const REST_TARGET_MB = 150;
const root = resolve(import.meta.dirname, "..");
const dataDir = mkdtempSync(join(tmpdir(), "edgeshop-ready-"));

const env = {
  ...process.env,
  DATA_DIR: dataDir,
  // The layout e2e/dev-stack.ts uses, then Postgres and the Worker's inspector.
  EDGE_PORT: String(PORT_BASE),
  CATALOG_PORT: String(PORT_BASE + 1),
  ORDERS_PORT: String(PORT_BASE + 2),
  PAYMENTS_PORT: String(PORT_BASE + 3),
  CUSTOMERS_PORT: String(PORT_BASE + 4),
  UPSTASH_BRIDGE_PORT: String(PORT_BASE + 5),
  POSTGRES_PORT: String(PORT_BASE + 6),
  EDGE_INSPECTOR_PORT: String(PORT_BASE + 7),
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};

interface Start {
  seconds: number;
  /** Per output prefix ("postgres", "catalog", "edge", …): seconds of its first and last line before ready. */
  parts: Map<string, { first: number; last: number }>;
  /** Memory by part after resting REST_SECONDS once running (devStackMemory). */
  memory: Record<string, Usage>;
}

/**
 * Starts `npm run dev`'s script, waits for its "running" line, lets it rest and reads its memory,
 * then stops it (SIGINT, as Ctrl-C).
 */
function startAndStop(): Promise<Start> {
  return new Promise((done, fail) => {
    const started = performance.now();
    // With the flags `npm run dev` gives it (package.json).
    const child = spawn(process.execPath, [...NODE_MEMORY_FLAGS, resolve(root, "scripts/dev.ts")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const parts = new Map<string, { first: number; last: number }>();
    let ready: number | undefined;
    let memory: Record<string, Usage> = {};
    const timer = setTimeout(() => stop(new Error(`not running after ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
    const stop = (err?: Error) => {
      clearTimeout(timer);
      child.once("exit", () => (err || ready === undefined ? fail(err ?? new Error("dev exited before it was running")) : done({ seconds: ready, parts, memory })));
      // Ctrl-C as a terminal sends it: to the dev runner's process group, which we started.
      if (child.pid !== undefined) process.kill(-child.pid, "SIGINT");
    };
    const onLine = (line: string) => {
      const t = (performance.now() - started) / 1000;
      // The dev runner colours each part's name: the colour codes go before matching it.
      const prefix = /^\s*([\w-]+)\s*│/.exec(line.replace(/\x1b\[[0-9;]*m/g, ""))?.[1];
      if (prefix && ready === undefined) {
        const part = parts.get(prefix) ?? { first: t, last: t };
        part.last = t;
        parts.set(prefix, part);
      }
      if (line.includes("edgeshop is running") && ready === undefined) {
        ready = t;
        setTimeout(() => {
          if (child.pid !== undefined) memory = devStackMemory(child.pid);
          stop();
        }, REST_SECONDS * 1000);
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = "";
      stream.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) onLine(line);
      });
    }
    child.once("exit", (code) => {
      if (ready === undefined) {
        clearTimeout(timer);
        fail(new Error(`dev exited with ${code} before it was running`));
      }
    });
  });
}

function printParts(title: string, start: Start): void {
  console.log(`\n${title}: running after ${start.seconds.toFixed(1)} s`);
  for (const [name, p] of [...start.parts].sort((a, b) => a[1].first - b[1].first)) {
    console.log(`  ${name.padEnd(10)} first line ${p.first.toFixed(1).padStart(5)} s, last before ready ${p.last.toFixed(1).padStart(5)} s`);
  }
  const footprint = total([start.memory]);
  console.log(`  memory ${REST_SECONDS} s after running (MB): ${Object.entries(start.memory).map(([name, u]) => `${name} ${u.rss} RSS/${u.pss} PSS`).join(", ")}`);
  console.log(`  whole npm run dev footprint: ${footprint.pss} MB PSS (RSS summed: ${footprint.rss} MB)`);
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

try {
  const first = await startAndStop();
  printParts("first start (empty data folder)", first);
  const restarts: Start[] = [];
  for (let i = 1; i <= REPEATS; i++) {
    restarts.push(await startAndStop());
    printParts(`restart ${i} of ${REPEATS} (same data)`, restarts[restarts.length - 1] as Start);
  }
  const summary = new BenchSummary("time-to-ready")
    .atMost("first npm run dev to running", first.seconds, "s", 20)
    .atMost(REPEATS > 1 ? `restart to running (median of ${REPEATS})` : "restart to running", median(restarts.map((r) => r.seconds)), "s", 5);
  // At rest after the first start: the catalog has just seeded, the most a service holds at rest.
  for (const name of SERVICES) summary.atMost(`${name} RSS at rest after first start`, first.memory[name]?.rss ?? NaN, "MB", REST_TARGET_MB);
  for (const name of SERVICES) summary.atMost(`${name} RSS at rest after restart${REPEATS > 1 ? " (median)" : ""}`, median(restarts.map((r) => r.memory[name]?.rss ?? NaN)), "MB", REST_TARGET_MB);
  summary.info("whole npm run dev footprint at rest after restart (PSS)", median(restarts.map((r) => total([r.memory]).pss)), "MB");
  summary.report();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
