import { loadavg } from "node:os";
import { startBenchStack } from "./lib/bench-stack.ts";
import { cpuShareRows, measureCpuShare, type CpuShare } from "./lib/cpu-share.ts";
import { printTable } from "./lib/load.ts";
import { BenchSummary } from "./lib/summary.ts";

/**
 * `npm run bench:catalog`: catalog reads and pages at the edge against the ceiling of the same
 * runtime. Starts the regional stack (2,000-product demo catalog on a real PostgreSQL), the
 * production bundle of the edge Worker and a hello-world Worker, both under Miniflare's API;
 * warms the caches; then drives each endpoint with autocannon (50 connections, 15 s by default)
 * on 127.0.0.1, each right after the hello-world Worker (lib/ceiling.ts), and prints req/s, p50,
 * p99 and the share of that ceiling. Targets (issue 9): the JSON list at ≥ 70 % of the ceiling,
 * product and listing pages for a returning shopper at ≥ 50 %. Each row also shows workerd's CPU
 * per request and the share that gives (lib/cpu-share.ts), which a busy machine hardly moves;
 * `node bench/edge-floor.ts` gives the best share this runtime allows for answers of these sizes.
 * BENCH_PORT_BASE (19500) moves the stack's ports.
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const { edge, hello, label, close } = await startBenchStack(Number(process.env.BENCH_PORT_BASE ?? 19500));

async function json<T>(path: string): Promise<T> {
  const res = await fetch(`${edge.url}${path}`);
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
  return (await res.json()) as T;
}

try {
  const slug = (await json<{ products: { slug: string }[] }>("/api/products?limit=20")).products[0]?.slug;
  if (!slug) throw new Error("the edge returned no products; is the catalog seeded?");
  const { categories } = await json<{ categories: { slug: string; productCount: number }[] }>("/api/categories");
  const category = [...categories].sort((a, b) => b.productCount - a.productCount)[0]?.slug;
  if (!category) throw new Error("the edge returned no categories");
  // Pages carry the shopper's session: a returning shopper sends the cookie they were given.
  const firstVisit = await fetch(`${edge.url}/p/${slug}`);
  await firstVisit.arrayBuffer();
  const returning = { cookie: firstVisit.headers.get("set-cookie")?.split(";")[0] ?? "" };
  const targets = {
    list: { name: "GET /api/products?limit=20", path: "/api/products?limit=20", headers: {} as Record<string, string> },
    product: { name: "GET /api/products/:slug", path: `/api/products/${slug}`, headers: {} },
    productPage: { name: "GET /p/:slug (HTML, returning shopper)", path: `/p/${slug}`, headers: returning },
    listingPage: { name: "GET /c/:slug (HTML, returning shopper)", path: `/c/${category}`, headers: returning },
    firstVisit: { name: "GET /p/:slug (HTML, first visit)", path: `/p/${slug}`, headers: {} },
  };
  // Warm every layer (isolate memory, Cache API, kept pages) before measuring.
  for (const t of Object.values(targets)) for (let i = 0; i < 20; i++) await (await fetch(`${edge.url}${t.path}`, { headers: t.headers })).arrayBuffer();

  const opts = { connections: CONNECTIONS, durationSeconds: DURATION };
  const shares: Record<string, CpuShare> = {};
  for (const [key, t] of Object.entries(targets)) shares[key] = await measureCpuShare(t.name, `${edge.url}${t.path}`, `${hello.url}/`, { ...opts, headers: t.headers });
  printTable(`catalog at the edge — ${CONNECTIONS} connections, ${DURATION} s each, Miniflare runtime; ${label}; load average ${(loadavg()[0] ?? 0).toFixed(2)}`, cpuShareRows(Object.values(shares)));

  const { list, productPage, listingPage, firstVisit: first } = shares;
  const summary = new BenchSummary("catalog");
  if (list) summary.atLeast("JSON list, share of ceiling", list.percent, "%", 70).info("JSON list, share by CPU per request", list.cpuPercent, "%").atMost("JSON list p99", list.result.p99, "ms", 20);
  if (productPage) {
    summary.atLeast("product page (returning), share of ceiling", productPage.percent, "%", 50).info("product page (returning), share by CPU per request", productPage.cpuPercent, "%");
    summary.info("product page (returning) p99", productPage.result.p99, "ms");
  }
  if (listingPage) {
    summary.atLeast("listing page (returning), share of ceiling", listingPage.percent, "%", 50).info("listing page (returning), share by CPU per request", listingPage.cpuPercent, "%");
    summary.info("listing page (returning) p99", listingPage.result.p99, "ms");
  }
  if (first) summary.info("product page (first visit), share of ceiling", first.percent, "%");
  const failed = Object.values(shares).reduce((n, s) => n + s.result.errors + s.result.non2xx, 0);
  summary.atMost("failed or non-2xx answers", failed, "", 0).report();
} finally {
  await close();
}
// Everything this bench started is closed; a driver's idle pool or timer must not keep the run
// (and npm run bench after it) waiting.
process.exit(process.exitCode ?? 0);
