import { total, treeMemory } from "./memory.ts";
import { cpuSeconds, machineCpuSeconds } from "./process-cpu.ts";

/**
 * Where the machine's CPU and memory went while a stretch ran: CPU seconds and peak memory of
 * each process tree of the stack (sampled every few seconds), of the load generator itself, and
 * of the whole machine, so what other work took shows as the difference.
 */
export interface ProcessFigures {
  cpuSeconds: number;
  /** CPU seconds by process within the tree (wrangler's node, its workerd proxy, the Worker's workerd). */
  cpuParts: Record<string, number>;
  /** Peak over the samples, MB. RSS counts shared pages in every process (Postgres's buffers in each backend); PSS splits them. */
  peakRssMb: number;
  peakPssMb: number;
}

export interface Watched {
  seconds: number;
  processes: Map<string, ProcessFigures>;
  /** The load generator (this process alone; the stack's processes are its children but not counted here). */
  generator: ProcessFigures;
  /** CPU seconds the whole machine was busy (all cores) and the cores it has. */
  machine: { busySeconds: number; cores: number };
}

/** CPU seconds the stack and the load generator took together. */
export function ownCpuSeconds(w: Watched): number {
  return [...w.processes.values()].reduce((n, p) => n + p.cpuSeconds, w.generator.cpuSeconds);
}

/** CPU seconds the rest of the machine took meanwhile (other work; the kernel's share of loopback traffic too). */
export function otherCpuSeconds(w: Watched): number {
  return Math.max(0, w.machine.busySeconds - ownCpuSeconds(w));
}

export interface ProcessWatch {
  stop(): Watched;
}

export function watchProcesses(pids: () => Record<string, number | undefined>, sampleMs = 5_000): ProcessWatch {
  const started = performance.now();
  const cpuBefore = cpuSeconds(pids());
  const machineBefore = machineCpuSeconds();
  const generatorBefore = process.cpuUsage();
  const peaks = new Map<string, { rss: number; pss: number }>();
  const sample = () => {
    for (const [name, pid] of Object.entries(pids())) {
      const now = total([treeMemory(pid)]);
      const peak = peaks.get(name) ?? { rss: 0, pss: 0 };
      peaks.set(name, { rss: Math.max(peak.rss, now.rss), pss: Math.max(peak.pss, now.pss) });
    }
  };
  const timer = setInterval(sample, sampleMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const seconds = (performance.now() - started) / 1000;
      const cpuAfter = cpuSeconds(pids());
      const machineAfter = machineCpuSeconds();
      const processes = new Map<string, ProcessFigures>();
      for (const name of Object.keys(cpuAfter)) {
        const peak = peaks.get(name) ?? { rss: 0, pss: 0 };
        const before = cpuBefore[name] ?? {};
        const cpuParts = Object.fromEntries(Object.entries(cpuAfter[name] ?? {}).map(([part, s]) => [part, s - (before[part] ?? 0)]));
        const cpu = Object.values(cpuParts).reduce((a, b) => a + b, 0);
        processes.set(name, { cpuSeconds: cpu, cpuParts, peakRssMb: peak.rss, peakPssMb: peak.pss });
      }
      const used = process.cpuUsage(generatorBefore);
      const rss = Math.round(process.memoryUsage().rss / 1_048_576);
      const all = machineAfter.all - machineBefore.all;
      return {
        seconds,
        processes,
        generator: { cpuSeconds: (used.user + used.system) / 1e6, cpuParts: {}, peakRssMb: rss, peakPssMb: rss },
        // /proc/stat's first line sums every core, so all-time over wall time is the number of cores.
        machine: { busySeconds: machineAfter.busy - machineBefore.busy, cores: Math.max(1, Math.round(all / seconds)) },
      };
    },
  };
}
