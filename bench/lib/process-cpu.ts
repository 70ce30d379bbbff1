import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

/**
 * CPU time of a process and everything it started, read from /proc (Linux): the difference of two
 * readings over a stretch says which process the machine's cores went to (wrangler dev's workerd,
 * a service, Postgres's backends) while the load ran. Processes that exited in between are not
 * counted.
 */
export const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface Stat {
  ppid: number;
  command: string;
  /** utime + stime, in clock ticks. */
  ticks: number;
}

/** Every process's parent, command and CPU ticks so far. */
export function stats(): Map<number, Stat> {
  const found = new Map<number, Stat>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // After "(command)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const command = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      found.set(Number(entry), { ppid: Number(fields[1]), command, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process exited while we looked
    }
  }
  return found;
}

/**
 * wrangler dev runs two workerd processes: its proxy in front and the one running the Worker and
 * its Durable Objects (the one with an inspector), told apart as memory.ts does.
 */
function label(pid: number, command: string): string {
  if (command !== "workerd") return command;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--inspector-addr") ? "workerd (Worker)" : "workerd proxy";
  } catch {
    return command;
  }
}

/** CPU seconds used so far by each named process tree (undefined pid: none), by process within it. */
export function cpuSeconds<N extends string>(roots: Readonly<Record<N, number | undefined>>): Record<N, Record<string, number>> {
  const all = stats();
  const children = new Map<number, number[]>();
  for (const [pid, s] of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  const out = {} as Record<N, Record<string, number>>;
  for (const name of Object.keys(roots) as N[]) {
    const parts: Record<string, number> = {};
    const visit = (pid: number) => {
      const s = all.get(pid);
      if (s) {
        const l = label(pid, s.command);
        parts[l] = (parts[l] ?? 0) + s.ticks / TICKS_PER_SECOND;
      }
      for (const c of children.get(pid) ?? []) visit(c);
    };
    const pid = roots[name];
    if (pid !== undefined) visit(pid);
    out[name] = parts;
  }
  return out;
}

/**
 * CPU seconds the whole machine has spent busy (every core; user, system, interrupts, steal) and
 * in all since boot: over a stretch, busy minus this stack's own share is what other work on the
 * machine took from it.
 */
export function machineCpuSeconds(): { busy: number; all: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  // cpu user nice system idle iowait irq softirq steal guest guest_nice
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: busy / TICKS_PER_SECOND, all: (busy + idle + iowait) / TICKS_PER_SECOND };
}
