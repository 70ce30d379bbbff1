import autocannon from "autocannon";

/** One measured endpoint: what the benchmark prints. */
export interface LoadResult {
  name: string;
  url: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export interface LoadOptions {
  connections?: number;
  durationSeconds?: number;
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  headers?: Record<string, string>;
  body?: string;
  /** Varies each request (e.g. rotates session cookies so load spreads over many carts). */
  setupRequest?: (request: autocannon.Request) => autocannon.Request;
}

/** Drives `url` with autocannon (loopback only) for a bounded time and summarises latency. */
export async function measure(name: string, url: string, options: LoadOptions = {}): Promise<LoadResult> {
  const target = new URL(url);
  if (target.hostname !== "127.0.0.1" && target.hostname !== "localhost") {
    throw new Error(`benchmarks only target this machine, not ${target.hostname}`);
  }
  const result = await autocannon({
    url,
    connections: options.connections ?? 50,
    duration: options.durationSeconds ?? 15,
    method: options.method ?? "GET",
    headers: options.headers,
    body: options.body,
    ...(options.setupRequest ? { requests: [{ setupRequest: options.setupRequest }] } : {}),
  });
  return {
    name,
    url,
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export function printTable(title: string, rows: readonly LoadResult[], ceiling?: LoadResult): void {
  console.log(`\n${title}`);
  const header = ["endpoint", "req/s", "p50 ms", "p99 ms", "non-2xx", "errors", ...(ceiling ? ["of ceiling"] : [])];
  const lines = rows.map((r) => [
    r.name,
    String(r.rps),
    String(r.p50),
    String(r.p99),
    String(r.non2xx),
    String(r.errors),
    ...(ceiling ? [`${Math.round((r.rps / ceiling.rps) * 100)}%`] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(fmt(header));
  for (const l of lines) console.log(fmt(l));
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Runs `step` from `concurrency` loops for a bounded time (and at most `maxSteps` in all); for
 * multi-request flows autocannon cannot express, such as a whole checkout. `step` returns the
 * latency it measured in ms, or throws on failure.
 */
export async function measureFlow(
  name: string,
  step: (i: number) => Promise<number>,
  options: { concurrency: number; durationSeconds: number; maxSteps?: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + options.durationSeconds * 1000;
  const max = options.maxSteps ?? Number.POSITIVE_INFINITY;
  const loop = async () => {
    while (performance.now() < deadline && next < max) {
      const i = next++;
      try {
        latencies.push(await step(i));
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    url: "",
    requests: latencies.length,
    rps: Math.round((latencies.length / seconds) * 10) / 10,
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    errors,
    non2xx: 0,
  };
}
