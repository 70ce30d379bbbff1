import { loadavg } from "node:os";
import type autocannon from "autocannon";
import { resolve } from "node:path";
import { parseServerTiming } from "../platform/server-timing.ts";
import { benchDatabases, benchRedisUrl, waitForCatalogFeed } from "./lib/bench-postgres.ts";
import { inStockVariants } from "../scripts/in-stock-variants.ts";
import { BENCH_DIR, merchantToken, restock, sessionCookie, startEdgeStack } from "./lib/edge-stack.ts";
import { measure, measureFlow, printTable, type LoadResult } from "./lib/load.ts";
import { processRssMb } from "./lib/memory.ts";
import { availableParallelism } from "node:os";
import { printCpuTable, startCpuWindow } from "./lib/cpu.ts";
import { SERVICES } from "../regional-services/shared/env.ts";
import { printStepTable, StepTimes } from "./lib/step-times.ts";
import { BenchSummary } from "./lib/summary.ts";
import { startHello } from "./lib/workers.ts";

/**
 * `npm run bench:cart`: cart operations through the edge to the cart Durable Objects, and whole
 * checkouts end to end (edge → orders → payments with the sandbox provider) on one machine.
 * Load spreads over many sessions (so many carts), as real shoppers do. The services run on a
 * real PostgreSQL (bench-postgres.ts) and a real Redis when one answers; measuring starts once
 * orders has applied the whole catalog feed. Each checkout's Server-Timing header (edge steps and
 * the orders service's own) is summed up per step, to show where the time goes.
 * BENCH_CHECKOUT_ONLY=1 skips the cart rows; BENCH_CART_ONLY=1 skips the checkouts.
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** Many shoppers, each adding a few lines over a run: a cart of dozens of lines is not what a shopper builds. */
const SESSIONS = 2_000;
const CHECKOUT_CONCURRENCY = Number(process.env.BENCH_CHECKOUT_CONCURRENCY ?? 50);
const CHECKOUT_ONLY = process.env.BENCH_CHECKOUT_ONLY === "1";
const CART_ONLY = process.env.BENCH_CART_ONLY === "1";
/** Checkouts before measuring, not counted: the services' pools open their connections meanwhile. */
/** Carts filled before the checkout window: more than the window can check out, at up to ~200/s. */
const CARTS = Number(process.env.BENCH_CARTS ?? DURATION * 200);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);

const databases = await benchDatabases();
const redisUrl = await benchRedisUrl();
const { edge, stack, close: closeStack } = await startEdgeStack(Number(process.env.BENCH_PORT_BASE ?? 19600), { env: databases.env, redisUrl });
const close = async () => {
  await closeStack();
  await databases.close();
};
console.log(`database: ${databases.label}; redis: ${redisUrl ?? "in-memory bridge (no Redis answered)"}`);
console.log(`orders caught up with the catalog feed in ${Math.round(await waitForCatalogFeed(databases.urls, stack.urls.catalog))} ms`);

const newSession = () => sessionCookie(edge.url);

const address = { name: "Bench Shopper", line1: "1 Loop Road", city: "Localhost", postalCode: "12345", country: "US" };
const payment = { card: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" };

bench: try {
  const variants = await inStockVariants(edge.url, 40);
  // The seed holds tens of units a variant; a run sells thousands.
  await restock(edge.url, await merchantToken(edge.url), variants, 1_000_000);
  const cookies = await Promise.all(Array.from({ length: SESSIONS }, newSession));
  let n = 0;
  const rotate = (withBody: boolean) => (req: autocannon.Request): autocannon.Request => {
    const i = n++;
    const headers = { ...req.headers, cookie: cookies[i % SESSIONS] ?? "", "content-type": "application/json" };
    // Each session takes the variants in turn (i % SESSIONS picks the session, so i % variants would
    // give each cart one variant whose line grows to the 99-unit cap within seconds).
    return withBody ? { ...req, headers, body: JSON.stringify({ variantId: variants[Math.floor(i / SESSIONS) % variants.length], quantity: 1 }) } : { ...req, headers };
  };

  const opts = { connections: CONNECTIONS, durationSeconds: DURATION };
  const rows: LoadResult[] = [];
  // Add to cart is judged against the hello-world Worker measured in this same run.
  const hello = await startHello({ port: 0, dir: resolve(BENCH_DIR, "hello") });
  const ceiling = await measure("hello-world Worker (ceiling)", `${hello.url}/`, opts).finally(() => hello.close());
  if (!CHECKOUT_ONLY) {
    rows.push(await measure("POST /api/cart/items (add to cart)", `${edge.url}/api/cart/items`, { ...opts, method: "POST", setupRequest: rotate(true) }));
    rows.push(await measure("GET /api/cart", `${edge.url}/api/cart`, { ...opts, setupRequest: rotate(false) }));
  }
  if (CART_ONLY) {
    printTable(`carts through the edge — ${CONNECTIONS} connections, ${DURATION} s each; load average ${(loadavg()[0] ?? 0).toFixed(2)}`, [ceiling, ...rows], ceiling);
    summarise(ceiling, rows).report();
    break bench; // still runs `finally`, which stops the stack
  }
  let steps = new StepTimes();

  // Checkout: each step is a fresh shopper with one line, paying with the sandbox's success card.
  const fillCart = async (i: number): Promise<string> => {
    const cookie = await newSession();
    const add = await fetch(`${edge.url}/api/cart/items`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ variantId: variants[i % variants.length], quantity: 1 }),
    });
    await add.arrayBuffer();
    if (!add.ok) {
      steps.fail(`add to cart ${add.status}`);
      throw new Error(`add failed: ${add.status}`);
    }
    return cookie;
  };
  const checkoutCart = async (cookie: string, i: number): Promise<number> => {
    const headers = { cookie, "content-type": "application/json" };
    const started = performance.now();
    const res = await fetch(`${edge.url}/api/checkout`, {
      method: "POST",
      headers: { ...headers, "idempotency-key": `bench-${i}-${Date.now()}` },
      body: JSON.stringify({ email: `bench${i}@example.test`, shippingAddress: address, payment }),
    });
    const body = (await res.json()) as { order?: { status: string }; error?: { code: string } };
    if (!res.ok || !body.order) {
      steps.fail(`checkout ${res.status} ${body.error?.code ?? ""}`);
      throw new Error(`checkout failed: ${res.status}`);
    }
    const took = performance.now() - started;
    steps.record(parseServerTiming(res.headers.get("server-timing")), took);
    return took;
  };
  const checkoutOnce = async (i: number): Promise<number> => checkoutCart(await fillCart(i), i);
  if (WARMUP_SECONDS > 0) {
    const warm = await measureFlow("warm-up", checkoutOnce, { concurrency: CHECKOUT_CONCURRENCY, durationSeconds: WARMUP_SECONDS });
    const reasons = [...steps.failureReasons()].map(([reason, n]) => `${reason} ×${n}`).join(", ");
    console.log(`warm-up: ${warm.requests} checkouts in ${WARMUP_SECONDS} s (not counted), ${warm.errors} failed${reasons ? `: ${reasons}` : ""}`);
    steps = new StepTimes();
  }
  // The target is the checkout (edge, cart hold, orders, payments, cart complete): shoppers fill
  // their carts before the window, so sessions and adds to cart take none of its CPU or time.
  const filled: string[] = [];
  const fillStarted = performance.now();
  await measureFlow("fill carts", async (i) => {
    filled.push(await fillCart(1_000_000 + i));
    return 0;
  }, { concurrency: CHECKOUT_CONCURRENCY, durationSeconds: 600, maxSteps: CARTS });
  console.log(`${filled.length} carts filled in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s (not counted); the window ends early when they run out`);
  const loadBefore = loadavg()[0] ?? 0;
  const memory = watchServiceMemory();
  const cpu = startCpuWindow({
    ...Object.fromEntries(SERVICES.map((s) => [`${s} service`, stack.pid(s)])),
    "upstash bridge": stack.pid("bridge"),
    postgres: databases.postgresPid(),
  });
  const checkouts = await measureFlow("POST /api/checkout (end to end)", (i) => checkoutCart(filled[i] ?? "", 2_000_000 + i), {
    concurrency: CHECKOUT_CONCURRENCY,
    durationSeconds: DURATION,
    maxSteps: filled.length,
  });
  const cpuSpent = cpu.stop();
  memory.stop();
  rows.push(checkouts);
  printTable(`carts and checkout through the edge — ${CONNECTIONS} connections (checkout: ${CHECKOUT_CONCURRENCY} concurrent shoppers), ${DURATION} s each`, [ceiling, ...rows], ceiling);
  printStepTable(`checkout steps (Server-Timing, ms per checkout) — ${databases.label}; load average ${loadBefore.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after`, steps);
  const cpuPerCheckout = printCpuTable(`CPU per checkout (the checkout request; carts filled beforehand) over the ${DURATION} s window`, cpuSpent, Math.max(1, checkouts.requests + checkouts.errors), availableParallelism());
  const summary = summarise(ceiling, rows).info("CPU per checkout, whole stack", cpuPerCheckout, "ms");
  for (const [service, peak] of memory.peaks()) summary.atMost(`${service} RSS peak under checkout`, peak, "MB", 250);
  summary.report();
} finally {
  await close();
}

/** Each service process's peak RSS (a service is one process), sampled every 250 ms while checkouts run. */
function watchServiceMemory(): { stop(): void; peaks(): [string, number][] } {
  const peak = new Map<string, number>();
  const sample = () => {
    for (const service of SERVICES) {
      const pid = stack.pid(service);
      if (pid === undefined) continue;
      peak.set(service, Math.max(peak.get(service) ?? 0, processRssMb(pid) ?? 0));
    }
  };
  sample();
  const timer = setInterval(sample, 250);
  return {
    stop: () => {
      sample();
      clearInterval(timer);
    },
    peaks: () => [...peak],
  };
}

/** The figures issue 9 sets targets for: add to cart against the ceiling, checkout end to end. */
function summarise(ceiling: LoadResult, rows: readonly LoadResult[]): BenchSummary {
  const summary = new BenchSummary("cart").info("hello-world ceiling", ceiling.rps, "req/s");
  const named = (prefix: string) => rows.find((r) => r.name.startsWith(prefix));
  const [add, view, checkout] = [named("POST /api/cart/items"), named("GET /api/cart"), named("POST /api/checkout")];
  if (add) {
    summary.atLeast("add to cart, share of ceiling", (add.rps / ceiling.rps) * 100, "%", 30).atMost("add to cart p99", add.p99, "ms", 50);
    summary.atMost("add to cart failed or non-2xx", add.errors + add.non2xx, "", 0);
  }
  if (view) summary.info("GET /api/cart", view.rps, "req/s");
  if (checkout) {
    summary.atLeast("checkout end to end", checkout.rps, "orders/s", 200).atMost("checkout p99", checkout.p99, "ms", 250);
    summary.atMost("checkout errors", checkout.errors, "", 0);
  }
  return summary;
}
