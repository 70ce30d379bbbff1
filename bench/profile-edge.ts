import { loadavg } from "node:os";
import { resolve } from "node:path";
import type autocannon from "autocannon";
import { benchDatabases, benchRedisUrl, waitForCatalogFeed } from "./lib/bench-postgres.ts";
import { bundleModules, heapByConstructor, heapUsage, printSummary, profileDuring, summarise } from "./lib/cpu-profile.ts";
import { inStockVariants } from "../scripts/in-stock-variants.ts";
import { BENCH_DIR, sessionCookie, startEdgeStack } from "./lib/edge-stack.ts";
import { cpuPerRequest, workerdThreadCpuMs } from "./lib/cpu-time.ts";
import { measure, printTable, type LoadResult } from "./lib/load.ts";

/**
 * `node bench/profile-edge.ts [add|cart|product|listing|list …]`: where the edge Worker's CPU goes,
 * per request. Starts the bench stack (real PostgreSQL and Redis, the edge's production bundle
 * under Miniflare with workerd's inspector open), drives each scenario with autocannon as the
 * benchmarks do (add to cart over many sessions, pages for a returning shopper), samples the
 * isolate meanwhile and prints self and inclusive CPU by module and function, in µs per request.
 * PROFILE_SECONDS (8), PROFILE_CONNECTIONS (50), PROFILE_TOP (25), BENCH_PORT_BASE (19700);
 * PROFILE_CPU_ONLY=1 measures workerd's CPU per request without sampling (see cpu-time.ts);
 * PROFILE_HEAP=1 also sums a heap snapshot by kind of object after each scenario.
 */
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.PROFILE_CONNECTIONS ?? 50);
const TOP = Number(process.env.PROFILE_TOP ?? 25);
const SESSIONS = 200;
const INSPECTOR_PORT = Number(process.env.BENCH_EDGE_INSPECTOR_PORT ?? 9339);
process.env.BENCH_EDGE_INSPECTOR_PORT = String(INSPECTOR_PORT);
/** PROFILE_CPU_ONLY=1: no sampling, each scenario PROFILE_ROUNDS times (3) with workerd's CPU per request. */
const CPU_ONLY = process.env.PROFILE_CPU_ONLY === "1";
const CPU_ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 3);
const scenarios = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["add"];

const databases = await benchDatabases();
const redisUrl = await benchRedisUrl();
const { edge, stack, close } = await startEdgeStack(Number(process.env.BENCH_PORT_BASE ?? 19700), { env: databases.env, redisUrl });
const moduleAt = bundleModules(resolve(BENCH_DIR, "edge-bundle/index.js"));

async function json<T>(path: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${edge.url}${path}`, { headers });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
  return (await res.json()) as T;
}

async function catalogVersion(): Promise<number> {
  const res = await fetch(`${edge.url}/api/categories`);
  await res.arrayBuffer();
  return Number(res.headers.get("x-catalog-version"));
}

try {
  await waitForCatalogFeed(databases.urls, stack.urls.catalog);
  const { products } = await json<{ products: { slug: string; stockState: string }[] }>("/api/products?limit=100");
  const slug = products[0]?.slug ?? "";
  const { categories } = await json<{ categories: { slug: string; productCount: number }[] }>("/api/categories");
  const category = [...categories].sort((a, b) => b.productCount - a.productCount)[0]?.slug ?? "";
  const variants = await inStockVariants(edge.url, 40, products);
  // Fresh shoppers for every run, as each bench:cart run has: a shopper's cart always takes the
  // same variant, and over several runs would reach its 99 units (409 QUANTITY_LIMIT).
  let cookies: string[] = [];
  const newShoppers = async () => {
    cookies = await Promise.all(Array.from({ length: SESSIONS }, () => sessionCookie(edge.url)));
  };
  await newShoppers();
  const returning = { cookie: cookies[0] ?? "" };
  let n = 0;
  // As bench/cart.ts rotates them: request i is session i mod 200 adding variant i mod 40.
  const rotate = (withBody: boolean) => (req: autocannon.Request): autocannon.Request => {
    const i = n++;
    const headers = { ...req.headers, cookie: cookies[i % SESSIONS] ?? "", "content-type": "application/json" };
    return withBody ? { ...req, headers, body: JSON.stringify({ variantId: variants[i % variants.length], quantity: 1 }) } : { ...req, headers };
  };
  const opts = { connections: CONNECTIONS, durationSeconds: SECONDS };
  const runs: Record<string, () => Promise<LoadResult>> = {
    add: () => measure("POST /api/cart/items", `${edge.url}/api/cart/items`, { ...opts, method: "POST", setupRequest: rotate(true) }),
    cart: () => measure("GET /api/cart", `${edge.url}/api/cart`, { ...opts, setupRequest: rotate(false) }),
    product: () => measure("GET /p/:slug (returning)", `${edge.url}/p/${slug}`, { ...opts, headers: returning }),
    listing: () => measure("GET /c/:slug (returning)", `${edge.url}/c/${category}`, { ...opts, headers: returning }),
    list: () => measure("GET /api/products?limit=20", `${edge.url}/api/products?limit=20`, opts),
  };
  const results: LoadResult[] = [];
  if (scenarios.includes("sources")) {
    // Which cache layer answered, under the same concurrency: misses under a steady version are waste.
    const tally = new Map<string, number>();
    const until = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (Date.now() < until) {
          const res = await fetch(`${edge.url}/api/products?limit=20`);
          await res.arrayBuffer();
          const key = `${res.headers.get("x-edgeshop-cache")} v${res.headers.get("x-catalog-version")}`;
          tally.set(key, (tally.get(key) ?? 0) + 1);
        }
      }),
    );
    console.log("GET /api/products?limit=20 by x-edgeshop-cache:", Object.fromEntries(tally));
    for (const path of ["/api/products?limit=20", `/p/${slug}`, `/c/${category}`]) {
      const res = await fetch(`${edge.url}${path}`, { headers: returning });
      console.log(`${path}: ${(await res.arrayBuffer()).byteLength} bytes, ${[...res.headers].length} headers`);
    }
  }
  for (const name of scenarios.filter((s) => s !== "sources")) {
    const run = runs[name];
    if (!run) throw new Error(`unknown scenario ${name}; one of ${Object.keys(runs).join(", ")}`);
    // Warm the caches and the carts' objects so the profile shows the steady state.
    await measure("warm-up", edge.url + "/", { connections: 4, durationSeconds: 1 });
    if (!CPU_ONLY) await run();
    await newShoppers();
    const versionBefore = await catalogVersion();
    if (CPU_ONLY) {
      // Without the sampler: what a request costs workerd in CPU, the figure to compare A/B.
      for (let round = 0; round < CPU_ROUNDS; round++) {
        await newShoppers();
        const threadsBefore = workerdThreadCpuMs();
        const measured = await cpuPerRequest(run);
        results.push({ ...measured, name: `${measured.name} — workerd ${measured.cpuUsPerRequest} µs CPU/req` });
        const perThread = [...workerdThreadCpuMs()]
          .map(([thread, ms]) => [thread, Math.round(((ms - (threadsBefore.get(thread) ?? 0)) * 1000) / Math.max(measured.requests, 1))] as const)
          .filter(([, us]) => us > 0)
          .sort((a, b) => b[1] - a[1]);
        console.log(`${measured.name}: workerd CPU µs/req by thread: ${perThread.map(([t, us]) => `${t} ${us}`).join(", ")}`);
      }
      continue;
    }
    let result: LoadResult | undefined;
    const profile = await profileDuring(INSPECTOR_PORT, async () => {
      result = await cpuPerRequest(run);
    });
    if (!result) continue;
    results.push(result);
    const heap = await heapUsage(INSPECTOR_PORT);
    console.log(`isolate heap after: ${heap.usedMb} MB used of ${heap.totalMb} MB`);
    if (process.env.PROFILE_HEAP === "1") {
      const kinds = await heapByConstructor(INSPECTOR_PORT);
      console.log(`heap snapshot: ${kinds.totalMb} MB live; largest kinds (count, MB):`);
      for (const [name, count, mb] of kinds.rows) console.log(`${String(mb).padStart(8)} MB ${String(count).padStart(8)}  ${name}`);
    }
    // A catalog version that moved meanwhile sends every edge cache key to the origin again.
    console.log(`catalog version ${versionBefore} before, ${await catalogVersion()} after`);
    printSummary(`${result.name} (load average ${(loadavg()[0] ?? 0).toFixed(2)})`, summarise(profile, moduleAt, (url) => url.endsWith("index.js")), result.requests, TOP);
  }
  printTable(`measured while profiling (the sampler costs throughput) — ${CONNECTIONS} connections, ${SECONDS} s`, results);
} finally {
  await close();
  await databases.close();
}
process.exit(process.exitCode ?? 0);
