import { resolve } from "node:path";
import { BENCH_DIR, startEdgeStack } from "./lib/edge-stack.ts";
import { measure, printTable, type LoadResult } from "./lib/load.ts";
import { startHello } from "./lib/workers.ts";

/**
 * `npm run bench:catalog`: catalog reads at the edge against the ceiling of the same runtime.
 * Starts the regional stack (2,000-product demo catalog), the production bundle of the edge
 * Worker and a hello-world Worker, both under Miniflare's API; warms the cache; then drives each
 * endpoint with autocannon (50 connections, 15 s by default) on 127.0.0.1 and prints req/s, p50,
 * p99 and the ratio to the ceiling. Target: the JSON list at ≥ 60 % of the ceiling, p99 ≤ 20 ms.
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const { edge, close } = await startEdgeStack();
const hello = await startHello({ port: 0, dir: resolve(BENCH_DIR, "hello") });

try {
  const list = await fetch(`${edge.url}/api/products?limit=20`);
  const first = (await list.json()) as { products: { slug: string }[] };
  const slug = first.products[0]?.slug;
  if (!slug) throw new Error("the edge returned no products; is the catalog seeded?");
  // Pages carry the shopper's session: a returning shopper sends the cookie they were given.
  const firstVisit = await fetch(`${edge.url}/p/${slug}`);
  await firstVisit.arrayBuffer();
  const cookie = firstVisit.headers.get("set-cookie")?.split(";")[0] ?? "";
  const targets = [
    { name: "GET /api/products?limit=20", url: `${edge.url}/api/products?limit=20`, headers: {} as Record<string, string> },
    { name: "GET /api/products/:slug", url: `${edge.url}/api/products/${slug}`, headers: {} },
    { name: "GET /p/:slug (HTML, returning shopper)", url: `${edge.url}/p/${slug}`, headers: { cookie } },
    { name: "GET /p/:slug (HTML, first visit)", url: `${edge.url}/p/${slug}`, headers: {} },
  ];
  // Warm every layer (isolate memory, Cache API) before measuring.
  for (const t of targets) for (let i = 0; i < 20; i++) await (await fetch(t.url, { headers: t.headers })).arrayBuffer();

  const opts = { connections: CONNECTIONS, durationSeconds: DURATION };
  const ceiling = await measure("hello-world Worker (ceiling)", `${hello.url}/`, opts);
  const rows: LoadResult[] = [ceiling];
  for (const t of targets) rows.push(await measure(t.name, t.url, { ...opts, headers: t.headers }));
  printTable(`catalog at the edge — ${CONNECTIONS} connections, ${DURATION} s each, Miniflare runtime`, rows, ceiling);
  const listRow = rows[1];
  if (listRow) {
    const ratio = listRow.rps / ceiling.rps;
    console.log(
      `\nJSON list: ${Math.round(ratio * 100)}% of ceiling (target ≥ 60%), p99 ${listRow.p99} ms (target ≤ 20 ms): ` +
        (ratio >= 0.6 && listRow.p99 <= 20 ? "MET" : "NOT MET"),
    );
  }
} finally {
  await hello.close();
  await close();
}
