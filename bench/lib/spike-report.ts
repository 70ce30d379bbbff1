import { printStepTable } from "./step-times.ts";
import { KINDS, type Kind, type Stretch } from "./stretch.ts";
import { otherCpuSeconds, ownCpuSeconds, type Watched } from "./process-watch.ts";
import { describeErrors, emptyTally, figures, type Tally } from "./tally.ts";

/**
 * The spike's tables: per stretch and kind of request (what was offered, what was answered, how
 * fast, which errors), the spike stretch step by step, where each checkout's time went, and where
 * the machine's CPU and memory went while the spike ran.
 */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[], leftColumns: readonly number[] = [0]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (cells: readonly string[]) =>
    cells
      .map((c, i) => (leftColumns.includes(i) ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  console.log(fmt(header));
  for (const r of rows) console.log(fmt(r));
}

/** Every kind's tally of a stretch, added together. */
export function allKinds(s: Stretch): Tally {
  const all = emptyTally();
  for (const k of KINDS) {
    const t = s.kinds[k];
    all.requests += t.requests;
    all.latencies.push(...t.latencies);
    all.outOfStock += t.outOfStock;
    for (const [key, n] of Object.entries(t.errors)) all.errors[key] = (all.errors[key] ?? 0) + n;
  }
  return all;
}

export function printKindTable(stretches: readonly Stretch[], perVisit: Readonly<Record<Kind | "all", number>>): void {
  console.log("\nper stretch and kind (a request counts in the stretch it was sent in; latency to the last byte, ms)");
  const rows: string[][] = [];
  for (const s of stretches) {
    const seconds = s.seconds();
    for (const kind of [...KINDS, "all"] as const) {
      const t = kind === "all" ? allKinds(s) : s.kinds[kind];
      const f = figures(t, seconds);
      const offered = s.sessionsPerSecond * perVisit[kind];
      rows.push([kind === "browse" ? s.label : "", kind, offered.toFixed(1), String(f.requests), f.rps.toFixed(1), String(f.p50), String(f.p95), String(f.p99), String(t.outOfStock), f.errors]);
    }
    for (const [name, probe] of s.probes) {
      const p = figures(probe, seconds);
      rows.push(["", `(probe: ${name})`, "", String(p.requests), p.rps.toFixed(1), String(p.p50), String(p.p95), String(p.p99), "", p.errors]);
    }
  }
  printTable(["stretch", "kind", "offered req/s", "sent", "answered req/s", "p50", "p95", "p99", "409 sold out", "errors by status"], rows, [0, 1, 9]);
  console.log("\nsessions per stretch (offered: the arrival rate asked for; arrived: the Poisson draw the clock made)");
  printTable(
    ["stretch", "seconds", "offered sessions/s", "arrived sessions/s", "checkouts", "generator lag ≤ ms", "load average (1 min) before → after"],
    stretches.map((s) => [
      s.label,
      s.seconds().toFixed(1),
      s.sessionsPerSecond.toFixed(2),
      (s.arrivals / s.seconds()).toFixed(2),
      String(s.checkouts),
      String(Math.round(s.maxArrivalLagMs)),
      `${s.loadAverage.before.toFixed(2)} → ${s.loadAverage.after.toFixed(2)}`,
    ]),
  );
}

/**
 * Every step in every stretch, so a slow kind shows which of its requests is slow and whether it
 * was slow before the spike too; and where the catalog reads were answered from during the spike.
 */
export function printStepDetail(stretches: readonly Stretch[], focus: Stretch): void {
  console.log(`\nstep by step: sent and p50 / p95 / p99 (ms) per stretch; the edge cache layers that answered in the ${focus.label}, with their share and p99`);
  const steps = [...new Set(stretches.flatMap((s) => [...s.steps.keys()]))];
  const rows = steps.map((step) => {
    const errors: Record<string, number> = {};
    const cells = stretches.flatMap((s) => {
      const entry = s.steps.get(step);
      if (!entry) return ["0", ""];
      for (const [key, n] of Object.entries(entry.tally.errors)) errors[key] = (errors[key] ?? 0) + n;
      const f = figures(entry.tally, s.seconds());
      return [String(f.requests), `${f.p50} / ${f.p95} / ${f.p99}`];
    });
    const focused = focus.steps.get(step);
    const layers = [...(focused?.cache ?? [])].map(([layer, t]) => `${layer} ${Math.round((t.requests / (focused?.tally.requests || 1)) * 100)}% (p99 ${figures(t, 1).p99})`);
    return [step, focused?.kind ?? stretches.map((s) => s.steps.get(step)?.kind).find(Boolean) ?? "", ...cells, layers.join(", ") || "—", describeErrors(errors)];
  });
  const header = ["step", "kind", ...stretches.flatMap((s) => [`${s.label} sent`, `${s.label} ms`]), `${focus.label}: cache`, "errors (all stretches)"];
  printTable(header, rows, [0, 1, header.length - 2, header.length - 1]);
  for (const s of stretches.filter((x) => x.checkoutTimings.rows().length > 0 && (x === focus || x.label === "calm"))) {
    printStepTable(`${s.label}: where each successful checkout's time went (Server-Timing, ms; edge steps, with orders-… inside "orders")`, s.checkoutTimings);
  }
}

/** `requests`: the shoppers' requests answered in the stretch, to give the CPU each one cost. */
export function printProcessTable(label: string, w: Watched, requests: number): void {
  const pct = (cpu: number) => ((cpu / w.seconds) * 100).toFixed(0);
  console.log(`\n${label}: CPU (% of one core over ${w.seconds.toFixed(0)} s) and peak memory (samples every 5 s) per process tree`);
  const rows = [...w.processes].flatMap(([name, p]) => {
    const parts = Object.entries(p.cpuParts);
    // A tree of several kinds of process (the edge: wrangler's node, two workerd) shows each beside its total.
    const detail = parts.length > 1 ? parts.filter(([, s]) => s > 0).map(([part, s]) => ["  " + part, pct(s), "", ""]) : [];
    return [[name, pct(p.cpuSeconds), String(p.peakRssMb), String(p.peakPssMb)], ...detail];
  });
  rows.push(["load generator (this bench)", pct(w.generator.cpuSeconds), String(w.generator.peakRssMb), ""]);
  printTable(["process", "CPU %", "peak RSS MB", "peak PSS MB"], rows);
  const ours = ownCpuSeconds(w);
  console.log(
    `machine: ${pct(w.machine.busySeconds)} % busy of ${w.machine.cores * 100} % (${w.machine.cores} cores); this stack and its load generator ${pct(ours)} %, other work on the machine ${pct(otherCpuSeconds(w))} %`,
  );
  // What one request costs the machine, all processes together: the machine alone would saturate near cores / cost.
  const perRequestMs = (ours / Math.max(1, requests)) * 1000;
  console.log(
    `CPU per shopper request, stack and generator together: ${perRequestMs.toFixed(1)} ms (of which the edge ${(((w.processes.get("edge")?.cpuSeconds ?? 0) / Math.max(1, requests)) * 1000).toFixed(1)} ms): ` +
      `${w.machine.cores} idle cores would saturate near ${Math.round((w.machine.cores * 1000) / perRequestMs)} req/s of this mix`,
  );
}
