import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { objectDatabasesOnDisk, openObjectDatabases, total, treeMemory, type Usage } from "./lib/memory.ts";
import { loadCatalog, startMixedLoad, summarise, type Catalog, type MixedLoad } from "./lib/mixed.ts";
import { startProcessStack } from "./lib/process-stack.ts";
import { connectWorkerHeap } from "./lib/worker-heap.ts";
import type { ChildName } from "../scripts/faults/stack.ts";

/**
 * `npm run bench:soak [-- --minutes N]`: the spike benchmark's mixed shopper traffic held steady
 * for N minutes (10 by default) against the stack as `npm run dev` runs it (embedded Postgres, one
 * Node process per service, the Worker under `wrangler dev`). It prints each process's resident
 * memory at rest, every minute under load, during a checkout burst and after the load stops, then
 * issue 9's memory targets (each service ≤ 150 MB at rest, ≤ 250 MB under load) and the whole
 * stack's footprint, and a verdict: memory growth from the first minute to the last, and errors.
 * Exits non-zero on any error, restart or growth beyond the allowance.
 */
const { values } = parseArgs({ options: { minutes: { type: "string", default: process.env.SOAK_MINUTES ?? "10" } } });
const MINUTES = Number(values.minutes);
const SHOPPERS = Number(process.env.SOAK_SHOPPERS ?? 8);
/** The checkout burst after the soak: this many shoppers, every one of them paying. */
const CHECKOUT_SHOPPERS = Number(process.env.SOAK_CHECKOUT_SHOPPERS ?? 24);
const CHECKOUT_SECONDS = Number(process.env.SOAK_CHECKOUT_SECONDS ?? 60);
/**
 * Idle samples after the load: workerd evicts a Durable Object 10 s after its last request and
 * drops its bookkeeping 70 s after last access (once no stub refers to it), so the last sample
 * comes after both.
 */
const IDLE_SAMPLES_S = [15, Number(process.env.SOAK_IDLE_SECONDS ?? 90)];
const SAMPLE_MS = 5_000;
/** Growth allowed from the end of minute 1 (warmed up) to the end: the larger of 20% and 40 MB. */
const allowance = (mb: number) => Math.max(mb * 0.2, 40);
/** The Worker's JS heap after a collection is tens of MB, so its allowance is the larger of 20% and 10 MB. */
const heapAllowance = (mb: number) => Math.max(mb * 0.2, 10);
const TARGET = { restMb: 150, loadMb: 250 };
if (!Number.isFinite(MINUTES) || MINUTES < 1) throw new Error("--minutes must be a number ≥ 1");

type Watched = ChildName | "postgres";
const SERVICES: Watched[] = ["catalog", "orders", "payments", "customers"];
const WATCHED: Watched[] = ["bridge", ...SERVICES, "edge", "postgres"];
type Snapshot = Record<Watched, Record<string, Usage>> & { workerHeapMb?: number };

const { stack, postgresPid, wranglerDir, close } = await startProcessStack(Number(process.env.SOAK_PORT_BASE ?? 18850));
const snapshot = (): Snapshot => Object.fromEntries(WATCHED.map((n) => [n, treeMemory(n === "postgres" ? postgresPid() : stack.pid(n))])) as Record<Watched, Record<string, Usage>>;
// Without the inspector the rows show "?" for the heap, and the verdict cannot judge it.
const workerHeap = await connectWorkerHeap(stack.edgeInspectorUrl).catch((err: unknown) => {
  console.error(`soak: the Worker's inspector did not answer (${String(err)}); its JS heap is not shown`);
  return undefined;
});
/** A snapshot with the Worker isolate's JS heap (after a forced collection): for the rows, not the frequent peak samples. */
const fullSnapshot = async (): Promise<Snapshot> => {
  const heap = await workerHeap?.read();
  return { ...snapshot(), ...(heap ? { workerHeapMb: heap.usedMb } : {}) };
};
const rssOf = (s: Snapshot, n: Watched) => total([s[n]]).rss;
const rssRow = (s: Snapshot) => WATCHED.map((n) => rssOf(s, n));
/** Both of wrangler dev's workerd processes: its proxy's and the Worker's (memory.ts). */
const workerd = (s: Snapshot) => (s.edge["workerd"]?.rss ?? 0) + (s.edge["workerd proxy"]?.rss ?? 0);
const workerdSplit = (s: Snapshot) => `${s.edge["workerd proxy"]?.rss ?? 0}+${s.edge["workerd"]?.rss ?? 0}`;
const footprint = (s: Snapshot) => total(WATCHED.map((n) => s[n]));
/** Durable Objects in workerd's memory now / ever created: eviction shows as the first falling. */
const objects = () => `${openObjectDatabases(stack.pid("edge"))}/${objectDatabasesOnDisk(wranglerDir)}`;

/** Peak RSS per process and peak footprint, from samples taken every few seconds while `during` runs. */
async function watchPeaks<T>(peaks: Map<Watched | "footprint", number>, during: () => Promise<T>): Promise<T> {
  const take = () => {
    const s = snapshot();
    for (const n of WATCHED) peaks.set(n, Math.max(peaks.get(n) ?? 0, rssOf(s, n)));
    peaks.set("footprint", Math.max(peaks.get("footprint") ?? 0, footprint(s).pss));
  };
  const timer = setInterval(take, SAMPLE_MS);
  try {
    return await during();
  } finally {
    clearInterval(timer);
    take();
  }
}

let failed = false;
try {
  const catalog: Catalog = await loadCatalog(stack.edgeUrl);
  await sleep(10_000);
  const rest = await fullSnapshot();
  const header = ["min", "requests", "req/s", "p50", "p95", "p99", "checkouts", ...WATCHED.map((n) => `${n} MB`), "of which workerd proxy+Worker", "DOs live/made", "Worker JS heap MB", "footprint MB", "sold out", "errors"];
  const row = (label: string, s: Snapshot, cells: (string | number)[]) => console.log([label, ...cells.slice(0, 6), ...rssRow(s), workerdSplit(s), objects(), s.workerHeapMb ?? "?", footprint(s).pss, ...cells.slice(6)].join("\t"));
  console.log(`soak: ${SHOPPERS} shoppers of mixed traffic for ${MINUTES} min, then ${CHECKOUT_SHOPPERS} shoppers all checking out for ${CHECKOUT_SECONDS} s; RSS per process tree, footprint = PSS summed over the whole stack`);
  console.log(header.join("\t"));
  row("rest", rest, ["", "", "", "", "", "", "", ""]);

  const peaks = new Map<Watched | "footprint", number>();
  const samples: Snapshot[] = [];
  let errors = 0;
  let requests = 0;
  const restarts = () => (["bridge", ...SERVICES, "edge"] as ChildName[]).reduce((n, name) => n + stack.starts(name) - 1, 0);
  const minuteRow = async (label: string, load: MixedLoad) => {
    const w = load.take();
    const s = summarise(w);
    const now = await fullSnapshot();
    errors += s.errorCount;
    requests += w.requests;
    row(label, now, [w.requests, s.rps, s.p50, s.p95, s.p99, w.checkouts, w.soldOut, s.errors]);
    return now;
  };

  await watchPeaks(peaks, async () => {
    const load = startMixedLoad(stack.edgeUrl, catalog, { concurrency: SHOPPERS });
    for (let minute = 1; minute <= MINUTES; minute++) {
      await sleep(60_000);
      samples.push(await minuteRow(String(minute), load));
    }
    await load.stop();
    const burst = startMixedLoad(stack.edgeUrl, catalog, { concurrency: CHECKOUT_SHOPPERS, checkoutEvery: 1 });
    await sleep(CHECKOUT_SECONDS * 1000);
    await burst.stop();
    await minuteRow("checkout", burst);
  });

  const idle: Snapshot[] = [];
  let waited = 0;
  for (const at of IDLE_SAMPLES_S) {
    await sleep((at - waited) * 1000);
    waited = at;
    const s = await fullSnapshot();
    idle.push(s);
    row(`idle ${at}s`, s, ["", "", "", "", "", "", "", ""]);
  }
  const settled = idle[idle.length - 1] ?? rest;

  console.log(`\nmemory (RSS, MB) against issue 9's targets: each service ≤ ${TARGET.restMb} at rest, ≤ ${TARGET.loadMb} under load`);
  console.log(["process", "at rest", "peak under load", `idle ${waited}s`, "at rest", "under load"].join("\t"));
  for (const n of WATCHED) {
    const target = SERVICES.includes(n);
    const met = (mb: number, limit: number) => (target ? (mb <= limit ? "met" : "NOT MET") : "—");
    console.log([n, rssOf(rest, n), peaks.get(n) ?? 0, rssOf(settled, n), met(rssOf(rest, n), TARGET.restMb), met(peaks.get(n) ?? 0, TARGET.loadMb)].join("\t"));
  }
  const atRest = footprint(rest);
  console.log(`whole stack as npm run dev runs it: ${atRest.pss} MB at rest (RSS summed: ${atRest.rss} MB), ${peaks.get("footprint") ?? 0} MB at peak, ${footprint(settled).pss} MB after ${waited} s idle (PSS summed over every process)`);
  const parts = WATCHED.flatMap((n) => Object.entries(rest[n]).map(([command, u]) => `${n}/${command} ${u.pss}`));
  console.log(`  at rest by process (PSS MB): ${parts.join(", ")}`);

  // The Worker is judged by what is ours: its JS heap and wrangler's Node. workerd's native memory
  // (its proxy's and the Worker's; it grows with requests even where no Durable Object is touched
  // and is kept after every object is evicted) is shown beside it, but is the runtime's (README,
  // "Fault and soak runs").
  const first = samples[0];
  const last = samples[samples.length - 1];
  const measure = (n: Watched | "wrangler" | "worker heap" | "workerd", s: Snapshot | undefined): number => {
    if (!s) return 0;
    if (n === "wrangler") return rssOf(s, "edge") - workerd(s);
    if (n === "workerd") return workerd(s);
    if (n === "worker heap") return s.workerHeapMb ?? 0;
    return rssOf(s, n);
  };
  const judged = [...WATCHED.filter((n) => n !== "edge"), "wrangler", "worker heap"] as const;
  const growth = [...judged, "workerd" as const].map((n) => ({ name: n, from: measure(n, first), to: measure(n, last) }));
  const grew = growth.filter((g) => g.name !== "workerd" && g.to - g.from > (g.name === "worker heap" ? heapAllowance(g.from) : allowance(g.from)));
  console.log(`\nverdict: ${requests} requests, ${errors} errors, ${restarts()} process restarts`);
  for (const g of growth) {
    const note = grew.includes(g) ? "  GROWTH" : g.name === "workerd" ? "  (runtime's native memory: shown, not judged)" : "";
    console.log(`  ${g.name.padEnd(11)} ${g.from} MB → ${g.to} MB (${g.to - g.from >= 0 ? "+" : ""}${g.to - g.from} MB)${note}`);
  }
  failed = errors > 0 || grew.length > 0 || restarts() > 0;
  console.log(failed ? "FAIL: errors, restarts or memory growth (see above)" : "ok: no growth beyond the allowance, no errors");
} finally {
  workerHeap?.close();
  await close();
}
process.exit(failed ? 1 : 0);
