import { stats, TICKS_PER_SECOND, type Stat } from "./process-cpu.ts";

/**
 * CPU time spent by each part of a running stack over a window, read from /proc (Linux): where a
 * benchmark's work actually goes when every process shares the machine's cores. A process counts
 * toward the first named part found among itself and its ancestors (a service's pid, Postgres's
 * postmaster); otherwise by command (workerd, redis-server), or as the benchmark's own client.
 */
function partOf(pid: number, all: Map<number, Stat>, named: Map<number, string>): string | undefined {
  for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 32; hops++) {
    const name = named.get(p);
    if (name) return name;
    p = all.get(p)?.ppid;
  }
  const command = all.get(pid)?.command;
  if (command === "workerd") return "workerd (edge Worker + Durable Objects)";
  if (command === "redis-server") return "redis";
  if (pid === process.pid) return "benchmark client";
  return undefined;
}

export interface CpuWindow {
  /** CPU ms per part over the window, largest first. */
  stop(): [string, number][];
}

/** Starts a window; `parts` names the pids whose process trees are parts of their own. */
export function startCpuWindow(parts: Record<string, number | undefined>): CpuWindow {
  const named = new Map<number, string>();
  for (const [name, pid] of Object.entries(parts)) if (pid !== undefined) named.set(pid, name);
  const before = stats();
  return {
    stop() {
      const after = stats();
      const ms = new Map<string, number>();
      for (const [pid, s] of after) {
        const part = partOf(pid, after, named);
        if (!part) continue;
        const spent = ((s.ticks - (before.get(pid)?.ticks ?? 0)) * 1000) / TICKS_PER_SECOND;
        ms.set(part, (ms.get(part) ?? 0) + Math.max(0, spent));
      }
      return [...ms].sort((a, b) => b[1] - a[1]);
    },
  };
}

/** The window's CPU per unit of work (a checkout), with the rate the machine's cores would bound it to. */
export function printCpuTable(title: string, spent: readonly [string, number][], units: number, cores: number): number {
  const total = spent.reduce((sum, [, ms]) => sum + ms, 0);
  console.log(`\n${title}`);
  console.log(`${"part".padEnd(42)} ${"CPU ms".padStart(9)} ${"per unit".padStart(9)} ${"share".padStart(6)}`);
  for (const [part, ms] of spent) {
    console.log(`${part.padEnd(42)} ${String(Math.round(ms)).padStart(9)} ${(ms / units).toFixed(1).padStart(9)} ${`${Math.round((ms / total) * 100)}%`.padStart(6)}`);
  }
  const perUnit = total / units;
  console.log(`${"all".padEnd(42)} ${String(Math.round(total)).padStart(9)} ${perUnit.toFixed(1).padStart(9)}   100%`);
  console.log(`at ${perUnit.toFixed(1)} ms of CPU each, ${cores} cores bound this to ${Math.round((cores * 1000) / perUnit)} per second`);
  return perUnit;
}
