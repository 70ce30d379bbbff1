import { rmSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import type autocannon from "autocannon";
import { benchDatabases, benchRedisUrl, waitForCatalogFeed } from "./lib/bench-postgres.ts";
import { cpuPerRequest } from "./lib/cpu-time.ts";
import { inStockVariants } from "../scripts/in-stock-variants.ts";
import { BENCH_DIR, benchEdgeBindings, sessionCookie, startEdgeStack } from "./lib/edge-stack.ts";
import { measure, type LoadResult } from "./lib/load.ts";
import { buildEdgeBundle, startEdge, type RunningWorker } from "./lib/workers.ts";

/**
 * `AB_BASE=/path/to/other/checkout node bench/ab-edge.ts [add|cart|product|listing|list …]`: the
 * edge before and after a change, side by side on one regional stack, measured in turns (A B B A
 * …) so both see the same machine. On a shared two-core machine a figure taken minutes apart
 * swings by a third; taken in turns, the two can be compared. Prints req/s, p99 and workerd's
 * CPU per request (cpu-time.ts) for each turn, and the medians. AB_ROUNDS (3), AB_SECONDS (6).
 */
const BASE = process.env.AB_BASE;
if (!BASE) throw new Error("set AB_BASE to the checkout to compare with (e.g. a `git archive` of the base commit)");
const ROUNDS = Number(process.env.AB_ROUNDS ?? 3);
const SECONDS = Number(process.env.AB_SECONDS ?? 6);
const SESSIONS = 200;
const scenarios = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["add"];

const databases = await benchDatabases();
const redisUrl = await benchRedisUrl();
const portBase = Number(process.env.BENCH_PORT_BASE ?? 19800);
const { edge: after, stack, close } = await startEdgeStack(portBase, { env: databases.env, redisUrl });
let before: RunningWorker | undefined;
const baseState = `/dev/shm/edgeshop-ab-base-${portBase}`;

async function json<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return (await res.json()) as T;
}

try {
  before = await startEdge({
    scriptPath: buildEdgeBundle(resolve(BENCH_DIR, "edge-bundle-base"), resolve(BASE)),
    port: 0,
    bindings: benchEdgeBindings(stack.urls),
    persistTo: baseState,
  });
  await waitForCatalogFeed(databases.urls, stack.urls.catalog);
  const { products } = await json<{ products: { slug: string; stockState: string }[] }>(`${after.url}/api/products?limit=100`);
  const slug = products[0]?.slug ?? "";
  const { categories } = await json<{ categories: { slug: string; productCount: number }[] }>(`${after.url}/api/categories`);
  const category = [...categories].sort((a, b) => b.productCount - a.productCount)[0]?.slug ?? "";
  const variants = await inStockVariants(after.url, 40, products);
  const edges = { A: before, B: after };
  // The session cookie is signed with the same secret on both, so each shopper has a cart on each.
  // Each turn gets shoppers of its own, as each bench:cart run does: one shopper's cart always
  // takes the same variant, and would reach its 99 units (409 QUANTITY_LIMIT) over several turns.
  let cookies: string[] = [];
  const newShoppers = async () => {
    cookies = await Promise.all(Array.from({ length: SESSIONS }, () => sessionCookie(after.url)));
  };
  await newShoppers();
  let n = 0;
  // As bench/cart.ts rotates them: request i is session i mod 200 adding variant i mod 40.
  const rotate = (withBody: boolean) => (req: autocannon.Request): autocannon.Request => {
    const i = n++;
    const headers = { ...req.headers, cookie: cookies[i % SESSIONS] ?? "", "content-type": "application/json" };
    return withBody ? { ...req, headers, body: JSON.stringify({ variantId: variants[i % variants.length], quantity: 1 }) } : { ...req, headers };
  };
  const opts = { connections: 50, durationSeconds: SECONDS };
  const returning = { cookie: (await sessionCookie(after.url)) };
  const runs: Record<string, (url: string) => Promise<LoadResult>> = {
    add: (url) => measure("POST /api/cart/items", `${url}/api/cart/items`, { ...opts, method: "POST", setupRequest: rotate(true) }),
    cart: (url) => measure("GET /api/cart", `${url}/api/cart`, { ...opts, setupRequest: rotate(false) }),
    product: (url) => measure("GET /p/:slug (returning)", `${url}/p/${slug}`, { ...opts, headers: returning }),
    listing: (url) => measure("GET /c/:slug (returning)", `${url}/c/${category}`, { ...opts, headers: returning }),
    list: (url) => measure("GET /api/products?limit=20", `${url}/api/products?limit=20`, opts),
  };
  for (const name of scenarios) {
    const run = runs[name];
    if (!run) throw new Error(`unknown scenario ${name}; one of ${Object.keys(runs).join(", ")}`);
    for (const e of Object.values(edges)) await measure("warm-up", `${e.url}/p/${slug}`, { connections: 4, durationSeconds: 1 });
    const figures: Record<"A" | "B", { rps: number; p99: number; cpu: number; failed: number }[]> = { A: [], B: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of round % 2 === 0 ? (["A", "B"] as const) : (["B", "A"] as const)) {
        await newShoppers();
        const r = await cpuPerRequest(() => run(edges[side].url));
        figures[side].push({ rps: r.rps, p99: r.p99, cpu: r.cpuUsPerRequest, failed: r.errors + r.non2xx });
        const bad = r.errors + r.non2xx > 0 ? `, ${r.errors} errors, ${r.non2xx} non-2xx` : "";
        console.log(`${r.name} ${side === "A" ? "before" : "after "}: ${r.rps} req/s, p99 ${r.p99} ms, workerd ${r.cpuUsPerRequest} µs CPU/req${bad} (load ${(loadavg()[0] ?? 0).toFixed(2)})`);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const line = (side: "A" | "B") =>
      `req/s ${median(figures[side].map((f) => f.rps))}, p99 ${median(figures[side].map((f) => f.p99))} ms, CPU ${median(figures[side].map((f) => f.cpu))} µs/req, ${figures[side].reduce((t, f) => t + f.failed, 0)} failed or non-2xx`;
    console.log(`== ${name}: before ${line("A")} | after ${line("B")}\n`);
  }
} finally {
  await before?.close();
  rmSync(baseState, { recursive: true, force: true });
  await close();
  await databases.close();
}
process.exit(process.exitCode ?? 0);
