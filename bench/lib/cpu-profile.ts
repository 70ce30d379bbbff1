import { readFileSync } from "node:fs";

/**
 * Samples the CPU of a Worker's isolate through workerd's inspector (the DevTools protocol's
 * Profiler domain over its WebSocket), and sums the samples up by the source module of the
 * bundle they fell in (esbuild marks each module with a `// path` comment line) and by function,
 * self and inclusive. Benchmarks use it to find where an edge request's CPU goes.
 */
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** One open DevTools session on the inspector target whose title or URL contains `match` (the first when none does). */
export async function openInspector(
  inspectorPort: number,
  match = "",
): Promise<{ send<T>(method: string, params?: object): Promise<T>; on(method: string, listener: (params: unknown) => void): void; close(): void }> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as { title?: string; url?: string; webSocketDebuggerUrl: string }[];
  const target = targets.find((t) => `${t.title ?? ""} ${t.url ?? ""}`.includes(match)) ?? targets[0];
  if (!target) throw new Error(`the inspector on port ${inspectorPort} lists no target`);
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error("inspector connection failed")), { once: true });
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const listeners = new Map<string, (params: unknown) => void>();
  ws.addEventListener("message", (event) => {
    const msg = JSON.parse(String(event.data)) as { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } };
    if (msg.method) listeners.get(msg.method)?.(msg.params);
    const w = msg.id === undefined ? undefined : waiting.get(msg.id);
    if (!w || msg.id === undefined) return;
    waiting.delete(msg.id);
    if (msg.error) w.reject(new Error(msg.error.message));
    else w.resolve(msg.result);
  });
  return {
    send: <T>(method: string, params: object = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve: (v) => resolve(v as T), reject });
        ws.send(JSON.stringify({ id, method, params }));
      }),
    on: (method, listener) => listeners.set(method, listener),
    close: () => ws.close(),
  };
}

/** The isolate's heap by kind of object (a heap snapshot's self sizes summed by constructor), largest first. */
export async function heapByConstructor(inspectorPort: number, top = 25): Promise<{ totalMb: number; rows: [string, number, number][] }> {
  const session = await openInspector(inspectorPort);
  const chunks: string[] = [];
  session.on("HeapProfiler.addHeapSnapshotChunk", (params) => chunks.push((params as { chunk: string }).chunk));
  try {
    await session.send("HeapProfiler.enable");
    await session.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  } finally {
    session.close();
  }
  const snapshot = JSON.parse(chunks.join("")) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  const fields = snapshot.snapshot.meta.node_fields;
  const [typeAt, nameAt, sizeAt] = [fields.indexOf("type"), fields.indexOf("name"), fields.indexOf("self_size")];
  const types = snapshot.snapshot.meta.node_types[0];
  const sums = new Map<string, [number, number]>();
  let total = 0;
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt] ?? 0] ?? "?";
    const size = snapshot.nodes[i + sizeAt] ?? 0;
    const name = type === "object" || type === "closure" ? (snapshot.strings[snapshot.nodes[i + nameAt] ?? 0] ?? "?") : `(${type})`;
    const sum = sums.get(name) ?? [0, 0];
    sums.set(name, [sum[0] + 1, sum[1] + size]);
    total += size;
  }
  const rows = [...sums].sort((a, b) => b[1][1] - a[1][1]).slice(0, top).map(([name, [count, size]]) => [name, count, Math.round(size / 1e4) / 100] as [string, number, number]);
  return { totalMb: Math.round(total / 1e4) / 100, rows };
}

/** The isolate's JS heap: used and total, MB. */
export async function heapUsage(inspectorPort: number): Promise<{ usedMb: number; totalMb: number }> {
  const session = await openInspector(inspectorPort);
  try {
    const { usedSize, totalSize } = await session.send<{ usedSize: number; totalSize: number }>("Runtime.getHeapUsage");
    return { usedMb: Math.round(usedSize / 1e5) / 10, totalMb: Math.round(totalSize / 1e5) / 10 };
  } finally {
    session.close();
  }
}

/** Runs `work` while the isolate is sampled every `intervalUs` microseconds; returns the profile. */
export async function profileDuring(inspectorPort: number, work: () => Promise<void>, intervalUs = 200): Promise<CpuProfile> {
  const session = await openInspector(inspectorPort);
  try {
    await session.send("Profiler.enable");
    await session.send("Profiler.setSamplingInterval", { interval: intervalUs });
    await session.send("Profiler.start");
    await work();
    return (await session.send<{ profile: CpuProfile }>("Profiler.stop")).profile;
  } finally {
    session.close();
  }
}

/** Maps a 0-based line of the bundle to the module esbuild put there. */
export function bundleModules(bundlePath: string): (line: number) => string {
  const starts: { line: number; module: string }[] = [];
  readFileSync(bundlePath, "utf8")
    .split("\n")
    .forEach((text, line) => {
      const m = /^\/\/ (\S+\.(?:m?[jt]sx?))$/.exec(text);
      if (m?.[1]) starts.push({ line, module: m[1].replace(/^(\.\.\/)+work\/main\//, "").replace(/^(\.\.\/)+/, "") });
    });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = "(bundle prelude)";
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = starts[mid];
      if (!s) break;
      if (s.line <= line) {
        found = s.module;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  /** Self time by module (a package collapses to its name), ms. */
  selfByModule: [string, number][];
  selfByFunction: [string, number][];
  /** Time with the function anywhere on the stack (once per sample), ms. */
  inclusiveByFunction: [string, number][];
  /** For native (unnamed-module) self time: which JS functions called it, ms. */
  nativeCallers: [string, number][];
  /** The longest stretches without a pause (idle), ms: what a request may wait behind, worst first. */
  longestBusy: number[];
  /** The longest uninterrupted garbage collection, ms. */
  longestGcMs: number;
}

function packageOf(module: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module);
  return m?.[1] ? `${m[1]} (package)` : module;
}

export function summarise(profile: CpuProfile, moduleAt: (line: number) => string, isBundle: (url: string) => boolean): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (f: CallFrame) => {
    const where = isBundle(f.url) ? moduleAt(f.lineNumber) : f.url || "(native)";
    return { module: isBundle(f.url) ? packageOf(where) : where, fn: `${f.functionName || "(anonymous)"} ${where}:${f.lineNumber + 1}` };
  };
  const selfModule = new Map<string, number>();
  const selfFn = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const nativeCallers = new Map<string, number>();
  let total = 0;
  let idle = 0;
  const busyStretches: number[] = [];
  let busy = 0;
  let gc = 0;
  let longestGc = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const node = byId.get(id);
    if (!node) return;
    const name = node.callFrame.functionName;
    if (name === "(idle)") {
      if (busy > 0) busyStretches.push(busy);
      busy = 0;
    } else busy += ms;
    gc = name === "(garbage collector)" ? gc + ms : 0;
    longestGc = Math.max(longestGc, gc);
    if (name === "(idle)" || name === "(program)" || name === "(garbage collector)") {
      if (name === "(idle)") idle += ms;
      const key = name;
      selfModule.set(key, (selfModule.get(key) ?? 0) + ms);
      selfFn.set(key, (selfFn.get(key) ?? 0) + ms);
      return;
    }
    const own = label(node.callFrame);
    if (!isBundle(node.callFrame.url)) {
      let caller = parent.get(id);
      while (caller !== undefined && !isBundle(byId.get(caller)?.callFrame.url ?? "")) caller = parent.get(caller);
      const frame = caller === undefined ? undefined : byId.get(caller)?.callFrame;
      const key = `${own.fn} <- ${frame ? label(frame).fn : "(no JS caller)"}`;
      nativeCallers.set(key, (nativeCallers.get(key) ?? 0) + ms);
    }
    selfModule.set(own.module, (selfModule.get(own.module) ?? 0) + ms);
    selfFn.set(own.fn, (selfFn.get(own.fn) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame || frame.functionName === "(root)") continue;
      const key = label(frame).fn;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  });
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { totalMs: total, idleMs: idle, selfByModule: sorted(selfModule), selfByFunction: sorted(selfFn), inclusiveByFunction: sorted(inclusive),
    nativeCallers: sorted(nativeCallers),
    longestBusy: busyStretches.sort((a, b) => b - a).slice(0, 5),
    longestGcMs: longestGc,
  };
}

export function printSummary(title: string, s: ProfileSummary, requests: number, top = 25): void {
  const busy = s.totalMs - s.idleMs;
  const per = (ms: number) => (requests > 0 ? `${((ms / requests) * 1000).toFixed(0).padStart(6)} µs/req` : "");
  const pct = (ms: number) => `${((ms / Math.max(busy, 1)) * 100).toFixed(1).padStart(5)} %`;
  console.log(`\n${title}: ${requests} requests, isolate busy ${busy.toFixed(0)} ms of ${s.totalMs.toFixed(0)} ms sampled (${per(busy)})`);
  console.log(`longest busy stretches ${s.longestBusy.map((ms) => ms.toFixed(0)).join(", ")} ms; longest garbage collection ${s.longestGcMs.toFixed(1)} ms`);
  for (const [heading, rows] of [["self time by module", s.selfByModule], ["self time by function", s.selfByFunction], ["inclusive time by function", s.inclusiveByFunction], ["native self time by JS caller", s.nativeCallers]] as const) {
    console.log(`-- ${heading}`);
    for (const [name, ms] of rows.filter(([n]) => n !== "(idle)").slice(0, top)) console.log(`${pct(ms)} ${per(ms)}  ${name}`);
  }
}
