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
