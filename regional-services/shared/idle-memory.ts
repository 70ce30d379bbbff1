import { performance } from "node:perf_hooks";
import type { BackgroundTask } from "./lifecycle.ts";

/**
 * Hands memory back once a Node process has gone quiet after a burst.
 *
 * Why: after a burst (the catalog seeding its demo catalog, orders replaying the catalog's feed,
 * a load test) V8 keeps the pages it freed in a pool, resident, for the next burst. Its own
 * memory reducer would release them once allocation is slow, but in our services it never did:
 * `--trace-memory-reducer` printed "high alloc, foreground" every 8 s for minutes at rest, and a
 * catalog that had seeded stayed at 150–176 MB RSS with 15 MB of live heap. A last-resort
 * collection (what V8 runs under memory pressure: full GCs with compaction, pool released) took
 * that catalog to 92 MB. It blocks the process for some tens of milliseconds, so it runs only
 * when the event loop has been nearly idle for a whole interval (3 s), and only when resident memory
 * has grown by `slackMb` since the last one: a service under steady load is never paused for it.
 *
 * It needs `gc`, which Node exposes with `--expose-gc` (node-flags.ts); without it this does nothing.
 */
export interface IdleMemoryOptions {
  /** How often the process is looked at; 3 s. */
  intervalMs?: number;
  /** Busiest the event loop may have been over the interval (0–1) to count as idle; 0.05. */
  maxUtilization?: number;
  /** Growth of RSS since the last collection (or since start) that is worth one; 16 MB. */
  slackMb?: number;
}

/** What one look saw. */
export interface IdleSample {
  /** Event-loop utilisation over the interval, 0–1. */
  utilization: number;
  rssMb: number;
  /** RSS just after the last collection this released; 0 before the first. */
  baselineMb: number;
}

/** Whether a look is worth a last-resort collection: idle, and holding `slackMb` more than after the last one. */
export function shouldRelease(sample: IdleSample, options: Required<Pick<IdleMemoryOptions, "maxUtilization" | "slackMb">>): boolean {
  return sample.utilization <= options.maxUtilization && sample.rssMb - sample.baselineMb >= options.slackMb;
}

type GcFunction = (options: { type: "major"; execution: "sync"; flavor: "last-resort" }) => void;

/** V8's `gc()` as `--expose-gc` exposes it; undefined without the flag. */
function exposedGc(): GcFunction | undefined {
  const gc: unknown = (globalThis as { gc?: unknown }).gc;
  return typeof gc === "function" ? (gc as GcFunction) : undefined;
}

const mb = (bytes: number) => bytes / (1024 * 1024);

/** Started, it looks every interval and releases memory when the process is idle (see above); a BackgroundTask. */
export interface IdleMemoryRelease extends BackgroundTask {
  start(): void;
  /** How many collections it has run. */
  releases(): number;
}

export function idleMemoryRelease(options: IdleMemoryOptions = {}): IdleMemoryRelease {
  const limits = { maxUtilization: options.maxUtilization ?? 0.05, slackMb: options.slackMb ?? 16 };
  let timer: NodeJS.Timeout | undefined;
  let released = 0;
  return {
    start() {
      const gc = exposedGc();
      if (!gc || timer) return;
      let baselineMb = 0;
      let last = performance.eventLoopUtilization();
      timer = setInterval(() => {
        const now = performance.eventLoopUtilization();
        const { utilization } = performance.eventLoopUtilization(now, last);
        last = now;
        if (!shouldRelease({ utilization, rssMb: mb(process.memoryUsage.rss()), baselineMb }, limits)) return;
        gc({ type: "major", execution: "sync", flavor: "last-resort" });
        released += 1;
        baselineMb = mb(process.memoryUsage.rss());
        // The collection itself is not activity of the process.
        last = performance.eventLoopUtilization();
      }, options.intervalMs ?? 3_000);
      // Never what keeps a process alive.
      timer.unref();
    },
    stop: async () => {
      clearInterval(timer);
      timer = undefined;
    },
    releases: () => released,
  };
}
