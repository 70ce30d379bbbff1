import { startBenchStack } from "./lib/bench-stack.ts";
import { measure, printTable, type LoadResult } from "./lib/load.ts";
import { BenchSummary } from "./lib/summary.ts";

/**
 * `npm run bench:catalog`: catalog reads and pages at the edge against the ceiling of the same
 * runtime. Starts the regional stack (2,000-product demo catalog on a real PostgreSQL), the
 * production bundle of the edge Worker and a hello-world Worker, both under Miniflare's API;
 * warms the caches; then drives each endpoint with autocannon (50 connections, 15 s by default)
 * on 127.0.0.1 and prints req/s, p50, p99 and the share of the ceiling measured in this run.
 * Targets (issue 9): the JSON list at ≥ 70 % of the ceiling, product and listing pages for a
 * returning shopper at ≥ 50 %.
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const { edge, hello, label, close } = await startBenchStack(19500);

try {
  const list = await fetch(`${edge.url}/api/products?limit=20`);
  const first = (await list.json()) as { products: { slug: string }[] };
  const slug = first.products[0]?.slug;
  if (!slug) throw new Error("the edge returned no products; is the catalog seeded?");
  const tree = (await (await fetch(`${edge.url}/api/categories`)).json()) as { categories: { slug: string; productCount: number }[] };
  const category = [...tree.categories].sort((a, b) => b.productCount - a.productCount)[0]?.slug;
  if (!category) throw new Error("the edge returned no categories");
  // Pages carry the shopper's session: a returning shopper sends the cookie they were given.
  const firstVisit = await fetch(`${edge.url}/p/${slug}`);
  await firstVisit.arrayBuffer();
  const cookie = firstVisit.headers.get("set-cookie")?.split(";")[0] ?? "";
  const returning = { cookie };
  const targets = {
    list: { name: "GET /api/products?limit=20", url: `${edge.url}/api/products?limit=20`, headers: {} as Record<string, string> },
    product: { name: "GET /api/products/:slug", url: `${edge.url}/api/products/${slug}`, headers: {} },
    productPage: { name: "GET /p/:slug (HTML, returning shopper)", url: `${edge.url}/p/${slug}`, headers: returning },
    listingPage: { name: "GET /c/:slug (HTML, returning shopper)", url: `${edge.url}/c/${category}`, headers: returning },
    firstVisit: { name: "GET /p/:slug (HTML, first visit)", url: `${edge.url}/p/${slug}`, headers: {} },
  };
  // Warm every layer (isolate memory, Cache API, kept pages) before measuring.
  for (const t of Object.values(targets)) for (let i = 0; i < 20; i++) await (await fetch(t.url, { headers: t.headers })).arrayBuffer();

  const opts = { connections: CONNECTIONS, durationSeconds: DURATION };
  const ceiling = await measure("hello-world Worker (ceiling)", `${hello.url}/`, opts);
  const measured: Record<string, LoadResult> = {};
  for (const [key, t] of Object.entries(targets)) measured[key] = await measure(t.name, t.url, { ...opts, headers: t.headers });
  printTable(`catalog at the edge — ${CONNECTIONS} connections, ${DURATION} s each, Miniflare runtime; ${label}`, [ceiling, ...Object.values(measured)], ceiling);

  const share = (r: LoadResult | undefined) => (r ? (r.rps / ceiling.rps) * 100 : 0);
  const summary = new BenchSummary("catalog").info("hello-world ceiling", ceiling.rps, "req/s");
  summary.atLeast("JSON list, share of ceiling", share(measured.list), "%", 70).atMost("JSON list p99", measured.list?.p99 ?? 0, "ms", 20);
  summary.atLeast("product page (returning), share of ceiling", share(measured.productPage), "%", 50).info("product page (returning) p99", measured.productPage?.p99 ?? 0, "ms");
  summary.atLeast("listing page (returning), share of ceiling", share(measured.listingPage), "%", 50).info("listing page (returning) p99", measured.listingPage?.p99 ?? 0, "ms");
  summary.info("product page (first visit), share of ceiling", share(measured.firstVisit), "%");
  const failed = Object.values(measured).reduce((n, r) => n + r.errors + r.non2xx, 0);
  summary.atMost("failed or non-2xx answers", failed, "", 0).report();
} finally {
  await close();
}
