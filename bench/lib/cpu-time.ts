import { readdirSync, readFileSync } from "node:fs";
import { stats, TICKS_PER_SECOND } from "./process-cpu.ts";

/**
 * CPU time of the workerd processes this benchmark started, from /proc (Linux). On a shared,
 * busy machine a throughput figure swings by a third from one minute to the next; the CPU a
 * request costs the runtime hardly does, so A/B comparisons of the edge read this instead.
 */

/** The workerd processes descended from `root`. */
function workerdPids(root: number): number[] {
  const all = stats();
  const mine = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of all) {
      if (!mine.has(pid) && mine.has(p.ppid)) {
        mine.add(pid);
        grew = true;
      }
    }
  }
  return [...all].filter(([pid, p]) => mine.has(pid) && p.command.startsWith("workerd")).map(([pid]) => pid);
}

/** A thread's name and CPU ticks from its stat file (the per-process ones come from stats()). */
function ticksOf(statPath: string): { name: string; ticks: number } | undefined {
  try {
    const stat = readFileSync(statPath, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** CPU ms used so far by every workerd process descended from this one. */
export function workerdCpuMs(root = process.pid): number {
  const all = stats();
  return workerdPids(root).reduce((ms, pid) => ms + ((all.get(pid)?.ticks ?? 0) * 1000) / TICKS_PER_SECOND, 0);
}

/** CPU ms so far per thread name of those processes (workerd's isolate thread, its I/O threads…). */
export function workerdThreadCpuMs(root = process.pid): Map<string, number> {
  const byName = new Map<string, number>();
  for (const pid of workerdPids(root)) {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const t = ticksOf(`/proc/${pid}/task/${tid}/stat`);
      if (t) byName.set(t.name, (byName.get(t.name) ?? 0) + (t.ticks * 1000) / TICKS_PER_SECOND);
    }
  }
  return byName;
}

/** Runs `work` (which returns how many requests it made) and gives workerd's CPU µs per request. */
export async function cpuPerRequest<T extends { requests: number }>(work: () => Promise<T>): Promise<T & { cpuUsPerRequest: number }> {
  const before = workerdCpuMs();
  const result = await work();
  const used = workerdCpuMs() - before;
  return { ...result, cpuUsPerRequest: result.requests > 0 ? Math.round((used * 1000) / result.requests) : 0 };
}
