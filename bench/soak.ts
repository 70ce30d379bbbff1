import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { groupRss, groupRssMb, loadCatalog, startMixedLoad, summarise } from "./lib/mixed.ts";
import { startProcessStack } from "./lib/process-stack.ts";
import type { ChildName } from "../scripts/faults/stack.ts";

/**
 * `npm run bench:soak [-- --minutes N]`: the spike benchmark's mixed shopper traffic held steady
 * for N minutes (10 by default) against the stack as `npm run dev` runs it. Every minute it prints
 * the traffic's figures and each process's resident memory (the Worker's with its workerd); at
 * the end a verdict: memory growth from the first minute to the last, and errors. Exits non-zero
 * on any error or on growth beyond the allowance.
 */
const { values } = parseArgs({ options: { minutes: { type: "string", default: process.env.SOAK_MINUTES ?? "10" } } });
const MINUTES = Number(values.minutes);
const SHOPPERS = Number(process.env.SOAK_SHOPPERS ?? 8);
/** Growth allowed from the end of minute 1 (warmed up) to the end: the larger of 20% and 40 MB. */
const allowance = (mb: number) => Math.max(mb * 0.2, 40);
if (!Number.isFinite(MINUTES) || MINUTES < 1) throw new Error("--minutes must be a number ≥ 1");

const NAMES: ChildName[] = ["bridge", "catalog", "orders", "payments", "customers", "edge"];
const { stack, close } = await startProcessStack(Number(process.env.SOAK_PORT_BASE ?? 18850));
let failed = false;
try {
  const catalog = await loadCatalog(stack.edgeUrl);
  const rss = () => Object.fromEntries(NAMES.map((n) => [n, groupRssMb(stack.pid(n) ?? -1)])) as Record<ChildName, number>;
  const header = ["min", "requests", "req/s", "p50", "p95", "p99", "checkouts", ...NAMES.map((n) => `${n} MB`), "of which workerd", "sold out", "errors"];
  const workerd = () => groupRss(stack.pid("edge") ?? -1)["workerd"] ?? 0;
  console.log(`soak: ${SHOPPERS} shoppers of mixed traffic for ${MINUTES} min; start RSS ${JSON.stringify(rss())}`);
  console.log(header.join("\t"));
  const load = startMixedLoad(stack.edgeUrl, catalog, { concurrency: SHOPPERS });
  const samples: Record<ChildName, number>[] = [];
  let errors = 0;
  let requests = 0;
  const restarts = () => NAMES.reduce((n, name) => n + stack.starts(name) - 1, 0);
  for (let minute = 1; minute <= MINUTES; minute++) {
    await sleep(60_000);
    const w = load.take();
    const s = summarise(w);
    const now = rss();
    samples.push(now);
    errors += s.errorCount;
    requests += w.requests;
    console.log([minute, w.requests, s.rps, s.p50, s.p95, s.p99, w.checkouts, ...NAMES.map((n) => now[n]), workerd(), w.soldOut, s.errors].join("\t"));
  }
  await load.stop();
  // Memory an idle minute later: what the runtime gives back (evicted Durable Objects, say) was
  // not a leak; the verdict still judges the loaded minutes.
  const IDLE_S = Number(process.env.SOAK_IDLE_SECONDS ?? 60);
  await sleep(IDLE_S * 1000);
  const idle = rss();
  console.log(`after ${IDLE_S} s idle\t${NAMES.map((n) => `${n} ${idle[n]} MB`).join("  ")}  (workerd ${workerd()} MB)`);
  const first = samples[0];
  const last = samples[samples.length - 1];
  const growth = NAMES.map((n) => ({ name: n, from: first?.[n] ?? 0, to: last?.[n] ?? 0 }));
  const grew = growth.filter((g) => g.to - g.from > allowance(g.from));
  console.log(`\nverdict: ${requests} requests, ${errors} errors, ${restarts()} process restarts`);
  for (const g of growth) console.log(`  ${g.name.padEnd(9)} ${g.from} MB → ${g.to} MB (${g.to - g.from >= 0 ? "+" : ""}${g.to - g.from} MB)${grew.includes(g) ? "  GROWTH" : ""}`);
  failed = errors > 0 || grew.length > 0 || restarts() > 0;
  console.log(failed ? "FAIL: errors, restarts or memory growth (see above)" : "ok: no growth beyond the allowance, no errors");
} finally {
  await close();
}
process.exit(failed ? 1 : 0);
