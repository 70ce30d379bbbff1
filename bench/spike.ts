import { loadavg } from "node:os";
import { runOpenLoop, type StretchPlan } from "./lib/open-loop.ts";
import { benchDatabases, benchRedisUrl, waitForCatalogFeed } from "./lib/bench-postgres.ts";
import { startEdgeStack } from "./lib/edge-stack.ts";
import { otherCpuSeconds, watchProcesses, type ProcessWatch, type Watched } from "./lib/process-watch.ts";
import { loadShop, stockLevels } from "./lib/shop-catalog.ts";
import { requestsPerVisit, VISIT_CYCLE } from "./lib/shopper-visits.ts";
import { allKinds, printKindTable, printProcessTable, printStepDetail } from "./lib/spike-report.ts";
import { KINDS } from "./lib/stretch.ts";
import { BenchSummary } from "./lib/summary.ts";
import { errorTotal, figures } from "./lib/tally.ts";

/**
 * `npm run bench:spike`: issue 9's "3× spike". Mixed shopper traffic (by share of requests:
 * browse 80 %, cart 15 %, checkout 5 %; lib/shopper-visits.ts) against the stack as production
 * lays it out (embedded PostgreSQL, one Node process per service, the edge's production bundle
 * straight on workerd through Miniflare, Redis behind the Upstash bridge when one answers), on
 * its own ports: a warm-up, a calm stretch
 * at the baseline rate, the spike at 3× that rate for 60 s, and the baseline again to show
 * recovery. Judged: no error in any stretch, browse p99 < 100 ms and checkout p99 < 1 s during
 * the spike.
 *
 * The load is open-loop (lib/arrivals.ts): shopper sessions arrive at SPIKE_RATE per second
 * (Poisson, seeded), each runs its requests one after another with a think time between them
 * (uniform 0.5–1.5 s) and leaves. Offered load is the arrival rate times the requests per
 * session (7.5), whatever the latency, so tripling the rate triples the offered load; a slow stack
 * shows as more sessions in flight and longer latencies, not as fewer requests. A closed loop
 * with no think time would only measure saturation: N workers send as fast as answers come, and
 * "3× the workers" is the same saturated machine with 3× the queueing. Think times are shorter
 * than a person's, so that a session (≈ 8 s) is short beside a stretch and the step to 3× is a step,
 * not a ramp that lasts the whole spike.
 *
 * The baseline (2 sessions/s = 15 req/s, 0.75 checkouts/s) is a load the machine serves
 * comfortably. One request of this mix costs the stack and the generator together 20–25 ms of
 * CPU (measured under wrangler dev, printed with each run; about half of it in its two workerd
 * processes), so two idle cores saturate near 80–100 req/s: the baseline takes under a fifth of
 * the machine and the spike (45 req/s) about half, a real step that stays below saturation when
 * the machine is not shared. SPIKE_RATE changes it.
 *
 * Carts take variants with plenty of stock in turn (≥ SPIKE_MIN_UNITS each, sized so the run
 * takes at most a quarter of the least), so no shopper should meet a sold-out variant: a 409
 * OUT_OF_STOCK is counted apart, and afterwards checked against the orders service's stock, an
 * error unless the variant truly ran out. Nothing is retried; the bench stops by itself.
 */
const RATE = Number(process.env.SPIKE_RATE ?? 2);
const FACTOR = 3;
const SPIKE_SECONDS = Number(process.env.SPIKE_SECONDS ?? 60);
const CALM_SECONDS = Number(process.env.SPIKE_CALM_SECONDS ?? 30);
const WARMUP_SECONDS = Number(process.env.SPIKE_WARMUP_SECONDS ?? 15);
const MIN_UNITS = Number(process.env.SPIKE_MIN_UNITS ?? 30);
const THINK_MS = { min: 500, max: 1_500 };
const EDGE_PROBE = "edge /healthz";
const NODE_PROBE = "catalog /healthz (Node, direct)";
const TARGETS = { browseP99Ms: 100, checkoutP99Ms: 1_000 };
for (const [name, value] of Object.entries({ RATE, SPIKE_SECONDS, CALM_SECONDS, WARMUP_SECONDS, MIN_UNITS })) {
  if (!Number.isFinite(value) || value < 0) throw new Error(`spike: ${name} must be a number ≥ 0`);
}

const plan: StretchPlan[] = [
  { label: "warm-up", rate: RATE, seconds: WARMUP_SECONDS },
  { label: "calm", rate: RATE, seconds: CALM_SECONDS },
  { label: "spike", rate: RATE * FACTOR, seconds: SPIKE_SECONDS },
  { label: "after", rate: RATE, seconds: CALM_SECONDS },
].filter((s) => s.seconds > 0);
const perVisit = requestsPerVisit();
const buyers = plan.reduce((n, s) => n + s.rate * s.seconds, 0) * (VISIT_CYCLE.filter((v) => v === "buy").length / VISIT_CYCLE.length);
/** Enough variants that the expected purchases of each stay under a quarter of the least stock. */
const VARIANTS = Math.max(100, Math.ceil((buyers * 4) / MIN_UNITS));

// The services reach Redis through the bridge when a Redis answers.
const redisUrl = await benchRedisUrl();
// Each service and the bridge as its own process on the embedded Postgres (as `npm run dev`), the
// edge's production bundle straight on workerd (Miniflare), as Cloudflare runs it: wrangler dev's
// proxy Worker in front would be measured too, and it is not part of production.
const databases = await benchDatabases();
const { edge, stack, edgePid, close: closeStack } = await startEdgeStack(Number(process.env.SPIKE_PORT_BASE ?? 18800), { env: databases.env, redisUrl });
const close = async () => {
  await closeStack();
  await databases.close();
};
await waitForCatalogFeed(databases.urls, stack.urls.catalog);
const edgeUrl = edge.url;

const WATCHED = ["edge", "catalog", "orders", "payments", "customers", "bridge", "postgres"] as const;
const pids = (): Record<string, number | undefined> =>
  Object.fromEntries(WATCHED.map((n) => [n, n === "postgres" ? databases.postgresPid() : n === "edge" ? edgePid() : stack.pid(n)]));

try {
  const shop = await loadShop(edgeUrl, stack.urls.orders, { products: 400, variants: VARIANTS, minUnits: MIN_UNITS });
  const load = loadavg().map((l) => l.toFixed(2)).join(" ");
  console.log(
    `spike: ${shop.slugs.length} products, ${shop.categories.length} categories, ${shop.variants.length} variants for carts (≥ ${MIN_UNITS} units each, ≈ ${(buyers / shop.variants.length).toFixed(1)} bought from each); ` +
      `redis: ${redisUrl ?? "in-memory bridge (no Redis answered)"}; load average ${load}`,
  );
  console.log(`plan: ${plan.map((s) => `${s.label} ${s.rate} sessions/s (${(s.rate * perVisit.all).toFixed(1)} req/s offered) for ${s.seconds} s`).join(" → ")}`);

  let watch: ProcessWatch | undefined;
  let watched: Watched | undefined;
  const stretches = await runOpenLoop(plan, {
    edgeUrl: edgeUrl,
    shop,
    thinkMs: THINK_MS,
    probes: { [EDGE_PROBE]: `${edgeUrl}/healthz`, [NODE_PROBE]: `${stack.urls.catalog}/healthz` },
    onStretch: (s, phase) => {
      if (s.label !== "spike") return;
      if (phase === "begin") watch = watchProcesses(pids);
      else watched = watch?.stop();
    },
  });

  // A 409 OUT_OF_STOCK is a correct answer only for a variant with no units left.
  const refused = [...new Set(stretches.flatMap((s) => s.outOfStock.map((o) => o.variantId)))];
  const left = await stockLevels(stack.urls.orders, refused);
  const wrongful = new Set(refused.filter((id) => (left.get(id) ?? 0) > 0));
  for (const s of stretches) s.countAsErrors(wrongful);

  printKindTable(stretches, perVisit);
  const spike = stretches.find((s) => s.label === "spike");
  if (spike) printStepDetail(stretches.filter((s) => s.label !== "warm-up"), spike);
  if (watched && spike) printProcessTable("spike", watched, allKinds(spike).requests);

  const summary = new BenchSummary("spike");
  for (const s of stretches) summary.atMost(`${s.label} (${s.sessionsPerSecond} sessions/s): errors`, errorTotal(allKinds(s).errors), "", 0);
  if (spike) {
    const seconds = spike.seconds();
    summary
      .atMost("spike: browse (catalog) p99", figures(spike.kinds.browse, seconds).p99, "ms", TARGETS.browseP99Ms)
      .atMost("spike: checkout p99", figures(spike.kinds.checkout, seconds).p99, "ms", TARGETS.checkoutP99Ms)
      .info("spike: offered req/s (all kinds)", spike.sessionsPerSecond * perVisit.all, "req/s");
    for (const kind of KINDS) summary.info(`spike: ${kind} req/s answered`, figures(spike.kinds[kind], seconds).rps, "req/s");
    for (const [name, probe] of spike.probes) summary.info(`spike: ${name} probe p99 (the floor)`, figures(probe, seconds).p99, "ms");
  }
  for (const [name, p] of watched?.processes ?? []) summary.info(`spike: ${name} peak RSS`, p.peakRssMb, "MB");
  if (watched) summary.info("spike: CPU other work on the machine took (of one core)", (otherCpuSeconds(watched) / watched.seconds) * 100, "%");
  summary.info("409 OUT_OF_STOCK, stock truly ran out", stretches.reduce((n, s) => n + allKinds(s).outOfStock, 0), "");
  summary.info("load average (1 min) during the spike, at its end", spike?.loadAverage.after ?? 0, "");
  summary.report();
  // Errors fail the run (a non-zero exit, as flash-sale's overselling does); latency targets are judged in the table.
  if (stretches.some((s) => errorTotal(allKinds(s).errors) > 0)) process.exitCode = 1;
} finally {
  await close();
}
// Everything this bench started is closed; a driver's idle pool or timer must not keep the run waiting.
process.exit(process.exitCode ?? 0);
