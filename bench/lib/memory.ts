import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import { stats } from "./process-cpu.ts";

/**
 * Memory of the processes a benchmark watches, read from /proc (Linux). RSS is what `top` shows
 * for one process; summed over a stack it counts shared pages again in every process (the node
 * binary's 50-odd MB of text in each service, Postgres's shared buffers in each backend). PSS
 * splits every shared page between the processes that map it, so a sum of PSS is what the stack
 * really holds: the figure for "the whole footprint".
 */
export interface Usage {
  /** Resident set size, MB. */
  rss: number;
  /** Proportional set size, MB. */
  pss: number;
}

interface Proc {
  pid: number;
  ppid: number;
  command: string;
}

/** Every process's parent and command (process-cpu.ts reads /proc once for both benches' needs). */
function processes(): Proc[] {
  return [...stats()].map(([pid, s]) => ({ pid, ppid: s.ppid, command: s.command }));
}

function usageKb(pid: number): { rss: number; pss: number } | undefined {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(rollup)?.[1] ?? 0);
    return { rss: field("Rss"), pss: field("Pss") };
  } catch {
    return undefined;
  }
}

const mb = (kb: number) => Math.round(kb / 1024);

/**
 * One process's resident memory in MB from /proc/<pid>/status (undefined once it is gone): cheap
 * enough to sample under load, where treeMemory's /proc scan and smaps_rollup read would take the
 * CPU the benchmark measures.
 */
export function processRssMb(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : mb(Number(kb));
  } catch {
    return undefined;
  }
}

/** `pid` and every process descended from it. */
function tree(pid: number): Proc[] {
  const all = processes();
  const inTree = new Set([pid]);
  // Parents are listed before their children far more often than not; repeat until stable.
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (inTree.has(p.pid) || !inTree.has(p.ppid)) continue;
      inTree.add(p.pid);
      grew = true;
    }
  }
  return all.filter((p) => inTree.has(p.pid));
}

/**
 * `wrangler dev` runs two workerd processes: its proxy in front (wrangler's own ProxyWorker, none
 * of our code) and the one running the Worker and its Durable Objects, the only one with an
 * inspector. They are told apart, since only the second runs our code.
 */
function label(p: Proc): string {
  if (p.command !== "workerd") return p.command;
  try {
    return readFileSync(`/proc/${p.pid}/cmdline`, "utf8").includes("--inspector-addr") ? "workerd" : "workerd proxy";
  } catch {
    return p.command;
  }
}

/**
 * Memory of `pid` and every process descended from it, by command name: the Worker's figure
 * splits into wrangler's node and its two workerd processes, Postgres's into its backends.
 */
export function treeMemory(pid: number | undefined): Record<string, Usage> {
  if (pid === undefined) return {};
  const kb: Record<string, { rss: number; pss: number }> = {};
  for (const p of tree(pid)) {
    const u = usageKb(p.pid);
    if (!u) continue;
    const sum = (kb[label(p)] ??= { rss: 0, pss: 0 });
    sum.rss += u.rss;
    sum.pss += u.pss;
  }
  return Object.fromEntries(Object.entries(kb).map(([c, u]) => [c, { rss: mb(u.rss), pss: mb(u.pss) }]));
}

/**
 * Which part of `npm run dev` a direct child of its runner (scripts/dev.ts) is: a service by its
 * entry point or bundle, "bridge" for the Upstash bridge, "edge" for wrangler (its two workerd processes
 * included), "postgres" for the embedded server (its backends included).
 */
function devPart(p: Proc): string {
  let cmdline = "";
  try {
    cmdline = readFileSync(`/proc/${p.pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return p.command;
  }
  // Run from its source, or from its bundle (scripts/service-bundles.ts).
  const service = /regional-services\/([\w-]+)\/main\.ts/.exec(cmdline)?.[1] ?? /edgeshop-services\/([\w-]+)\.mjs/.exec(cmdline)?.[1];
  if (service) return service === "upstash-bridge" ? "bridge" : service;
  if (cmdline.includes("wrangler")) return "edge";
  return p.command;
}

/**
 * Memory of a running `npm run dev`, by part (devPart): each direct child of the runner with
 * everything it started, and the runner itself as "dev runner". Summed, it is the whole footprint.
 */
export function devStackMemory(runnerPid: number): Record<string, Usage> {
  const all = processes();
  const parts: Record<string, Usage> = {};
  const runner = usageKb(runnerPid);
  if (runner) parts["dev runner"] = { rss: mb(runner.rss), pss: mb(runner.pss) };
  for (const child of all.filter((p) => p.ppid === runnerPid)) {
    const sum = total([treeMemory(child.pid)]);
    const name = devPart(child);
    const seen = parts[name];
    parts[name] = seen ? { rss: seen.rss + sum.rss, pss: seen.pss + sum.pss } : sum;
  }
  return parts;
}

/** The sum over a tree's (or several trees') commands. */
export function total(parts: readonly Record<string, Usage>[]): Usage {
  let rss = 0;
  let pss = 0;
  for (const part of parts) {
    for (const u of Object.values(part)) {
      rss += u.rss;
      pss += u.pss;
    }
  }
  return { rss, pss };
}

/**
 * Durable Objects in memory under `pid`'s tree: workerd keeps each running object's SQLite
 * database open (`<id>.sqlite` and its WAL) and closes it when it evicts the object, so the
 * distinct object databases open are the objects alive. The namespace's alarm index
 * (`metadata.sqlite`) is not an object.
 */
export function openObjectDatabases(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const open = new Set<string>();
  for (const p of tree(pid)) {
    if (p.command !== "workerd") continue;
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${p.pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${p.pid}/fd/${fd}`);
        const db = /\/([0-9a-f]{64})\.sqlite(-wal|-shm)?$/.exec(target);
        if (db?.[1]) open.add(db[1]);
      } catch {
        // closed while we looked
      }
    }
  }
  return open.size;
}

/** Durable Objects ever created under a `wrangler dev --persist-to` folder: one database file each. */
export function objectDatabasesOnDisk(dir: string): number {
  try {
    return readdirSync(dir, { recursive: true }).filter((f) => /(^|\/)[0-9a-f]{64}\.sqlite$/.test(String(f))).length;
  } catch {
    return 0;
  }
}
