import { loadavg } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { seededRandom, startArrivals } from "./arrivals.ts";
import type { Shop } from "./shop-catalog.ts";
import { runVisit, VISIT_CYCLE, type VisitContext } from "./shopper-visits.ts";
import { Stretch } from "./stretch.ts";
import { count, emptyTally } from "./tally.ts";
import { timedFetch } from "./timed-fetch.ts";

/**
 * Runs shopper sessions open-loop (arrivals.ts) through a plan of stretches, each at its own
 * arrival rate, and hands back what each stretch measured once every request has answered. At
 * the end no session starts and none sends another request; the ones in flight are waited for.
 *
 * Beside the shoppers, probes ask health endpoints that do no work, twice a second each: the
 * edge's /healthz (through the same workerd thread as the shoppers) and a
 * Node service's /healthz directly. Their latency is the floor the machine gives any request at
 * that moment: when a shopper's request is about as slow as the probes, its time went to
 * queueing for a CPU, not to its own work; when only the edge probe is slow, to queueing for the
 * Worker's one thread.
 */
export interface StretchPlan {
  label: string;
  /** Shopper sessions arriving per second. */
  rate: number;
  seconds: number;
}

export interface OpenLoopOptions {
  edgeUrl: string;
  shop: Shop;
  thinkMs: { min: number; max: number };
  /** Probe name → URL of an endpoint that does no work. */
  probes: Readonly<Record<string, string>>;
  /** Called as a stretch begins and once its time is up (before its last requests have answered). */
  onStretch?: (stretch: Stretch, phase: "begin" | "end") => void;
}

const PROBE_EVERY_MS = 500;

export async function runOpenLoop(plan: readonly StretchPlan[], options: OpenLoopOptions): Promise<Stretch[]> {
  const first = plan[0];
  if (!first) return [];
  const thinkRandom = seededRandom(2);
  let stopping = false;
  let variantTurn = 0;
  // Each stretch lists the probes in the order given, whichever answers first.
  const stretchOf = (step: StretchPlan) => {
    const s = new Stretch(step.label, step.rate);
    for (const name of Object.keys(options.probes)) s.probes.set(name, emptyTally());
    return s;
  };
  let current = stretchOf(first);
  const ctx: VisitContext = {
    edgeUrl: options.edgeUrl,
    shop: options.shop,
    stretch: () => current,
    think: () => sleep(options.thinkMs.min + thinkRandom() * (options.thinkMs.max - options.thinkMs.min)),
    stopping: () => stopping,
    nextVariant: () => options.shop.variants[variantTurn++ % options.shop.variants.length]?.id ?? "",
  };

  const visits = new Set<Promise<void>>();
  const clock = startArrivals(first.rate, seededRandom(1), (n, lagMs) => {
    current.arrivals++;
    current.maxArrivalLagMs = Math.max(current.maxArrivalLagMs, lagMs);
    // Each session picks its pages from its own seeded sequence: the same pages for the n-th arrival in every run.
    const visit = runVisit(ctx, VISIT_CYCLE[n % VISIT_CYCLE.length] ?? "browse", n, seededRandom(1_000 + n));
    visits.add(visit);
    void visit.finally(() => visits.delete(visit));
  });
  const probes = Object.entries(options.probes).map(async ([name, url]) => {
    while (!stopping) {
      const tally = current.probes.get(name);
      const outcome = await timedFetch(url);
      if (tally) count(tally, outcome);
      await sleep(PROBE_EVERY_MS);
    }
  });

  const stretches: Stretch[] = [];
  for (const [i, step] of plan.entries()) {
    if (i > 0) {
      current = stretchOf(step);
      clock.setRate(step.rate);
    }
    stretches.push(current);
    current.loadAverage.before = loadavg()[0] ?? 0;
    options.onStretch?.(current, "begin");
    await sleep(step.seconds * 1000);
    if (i === plan.length - 1) {
      clock.stop();
      stopping = true;
    }
    current.end();
    current.loadAverage.after = loadavg()[0] ?? 0;
    options.onStretch?.(current, "end");
  }
  await Promise.all([...visits, ...probes]);
  await Promise.all(stretches.map((s) => s.settled()));
  return stretches;
}
