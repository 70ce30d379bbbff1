import { setTimeout as sleep } from "node:timers/promises";
import { loadCatalog, startMixedLoad, summarise } from "./lib/mixed.ts";
import { startProcessStack } from "./lib/process-stack.ts";
import { BenchSummary } from "./lib/summary.ts";

/**
 * `npm run bench:spike`: a sudden burst of mixed shopper traffic (home page, listings, product
 * pages, add to cart, cart, one checkout in four) against the local stack as `npm run dev` runs
 * it. A calm stretch, then many times the shoppers at once, then calm again; prints requests/s,
 * latency percentiles and errors by status for each stretch, and stops by itself.
 */
const CALM = Number(process.env.SPIKE_CALM ?? 4);
const BURST = Number(process.env.SPIKE_BURST ?? 40);
const SECONDS = Number(process.env.SPIKE_SECONDS ?? 20);

const { stack, close } = await startProcessStack(Number(process.env.SPIKE_PORT_BASE ?? 18800));

try {
  const catalog = await loadCatalog(stack.edgeUrl);
  const load = startMixedLoad(stack.edgeUrl, catalog, { concurrency: CALM });
  const rows: string[][] = [];
  const summary = new BenchSummary("spike");
  for (const [label, concurrency] of [["calm", CALM], ["spike", BURST], ["after", CALM]] as const) {
    load.setConcurrency(concurrency);
    load.take();
    await sleep(SECONDS * 1000);
    const w = load.take();
    const s = summarise(w);

    // The p99 targets are per kind (catalog < 100 ms, checkout < 1 s); this bench
    // summarises every request of a stretch together, so its p99 is shown, not judged.
    summary.atMost(`${label} (${concurrency} shoppers): errors`, s.errorCount, "", 0).info(`${label}: req/s`, s.rps, "req/s").info(`${label}: p99, all requests`, s.p99, "ms");
    rows.push([`${label} (${concurrency} shoppers)`, String(w.requests), String(s.rps), String(s.p50), String(s.p95), String(s.p99), String(w.checkouts), String(w.soldOut), s.errors]);
  }
  await load.stop();
  const header = ["stretch", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "checkouts", "sold out", "errors by status"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 8 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(`\nspike: mixed shopper traffic through the edge (wrangler dev), ${SECONDS} s per stretch`);
  console.log(fmt(header));
  for (const r of rows) console.log(fmt(r));
  summary.report();
} finally {
  await close();
}
process.exit(0);
