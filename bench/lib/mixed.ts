import { randomUUID } from "node:crypto";
import { inStockVariants } from "../../scripts/in-stock-variants.ts";
import { percentile } from "./tally.ts";
import { failureKey, isOutOfStock, timedFetch, type Outcome } from "./timed-fetch.ts";

/**
 * Mixed shopper traffic for the soak benchmark, closed-loop: each virtual shopper opens a session,
 * browses the home page, a listing and product pages, adds to the cart, reads it, and one in
 * `checkoutEvery` goes on to pay with the sandbox's success card, then starts again. Every request
 * is timed and its status counted; nothing is retried, so every error shows. (The spike drives
 * the 80/15/5 mix open-loop instead: open-loop.ts.)
 */
export interface Window {
  requests: number;
  latencies: number[];
  /** Non-2xx answers by status, and "network" / "timeout". */
  errors: Record<string, number>;
  checkouts: number;
  /** 409 OUT_OF_STOCK: a shopper answered correctly that the variant sold out, not an error. */
  soldOut: number;
  startedAt: number;
}

export interface MixedLoad {
  /** The requests since the last call (or since the start), and a new window begun. */
  take(): Window;
  setConcurrency(n: number): void;
  stop(): Promise<void>;
}

export interface Catalog {
  slugs: string[];
  variants: string[];
}

const address = { name: "Bench Shopper", line1: "1 Loop Road", city: "Localhost", postalCode: "12345", country: "US" };
const card = { card: "4242424242424242", expMonth: 12, expYear: new Date().getUTCFullYear() + 3, cvc: "123" };

function fresh(): Window {
  return { requests: 0, latencies: [], errors: {}, checkouts: 0, soldOut: 0, startedAt: performance.now() };
}

/** In-stock products and variants, read through the storefront as a shopper would. */
export async function loadCatalog(edgeUrl: string, limit = 40): Promise<Catalog> {
  const list = (await (await fetch(`${edgeUrl}/api/products?limit=60`)).json()) as { products: { slug: string; stockState: string }[] };
  return { slugs: list.products.map((p) => p.slug), variants: await inStockVariants(edgeUrl, limit, list.products) };
}

export function startMixedLoad(edgeUrl: string, catalog: Catalog, options: { concurrency: number; checkoutEvery?: number }): MixedLoad {
  let window = fresh();
  let concurrency = options.concurrency;
  let stopped = false;
  const checkoutEvery = options.checkoutEvery ?? 4;
  let n = 0;

  async function timed(path: string, init: RequestInit = {}): Promise<Outcome> {
    const w = window;
    const o = await timedFetch(`${edgeUrl}${path}`, init);
    w.requests++;
    if (o.kind === "answer") w.latencies.push(o.ms);
    if (isOutOfStock(o)) w.soldOut++;
    else if (!o.ok) w.errors[failureKey(o)] = (w.errors[failureKey(o)] ?? 0) + 1;
    return o;
  }

  async function shopper(i: number): Promise<void> {
    const pick = <T>(xs: readonly T[], k: number): T => xs[k % xs.length] as T;
    const opened = await timed("/api/cart");
    const cookie = opened.kind === "answer" ? opened.headers.get("set-cookie")?.split(";")[0] : undefined;
    if (!cookie) return;
    const headers = { cookie, "content-type": "application/json" };
    await timed("/", { headers });
    await timed(`/api/products?limit=24`, { headers });
    await timed(`/p/${pick(catalog.slugs, i)}`, { headers });
    await timed(`/api/products/${pick(catalog.slugs, i + 7)}`, { headers });
    const added = await timed("/api/cart/items", { method: "POST", headers, body: JSON.stringify({ variantId: pick(catalog.variants, i), quantity: 1 }) });
    await timed("/api/cart", { headers });
    // A shopper whose add was refused (sold out) has nothing to check out.
    if (i % checkoutEvery !== 0 || !added.ok) return;
    const res = await timed("/api/checkout", {
      method: "POST",
      headers: { ...headers, "idempotency-key": randomUUID() },
      body: JSON.stringify({ email: `bench-${i}@example.test`, shippingAddress: address, payment: card }),
    });
    if (res.ok) window.checkouts++;
  }

  const running = new Set<Promise<void>>();
  const loop = async (slot: number): Promise<void> => {
    // A loop whose slot is beyond the current concurrency ends; setConcurrency starts new ones.
    while (!stopped && slot < concurrency) await shopper(n++);
    active.delete(slot);
  };
  const active = new Set<number>();
  const fill = () => {
    for (let slot = 0; slot < concurrency; slot++) {
      if (active.has(slot)) continue;
      active.add(slot);
      const p = loop(slot);
      running.add(p);
      void p.finally(() => running.delete(p));
    }
  };
  fill();
  return {
    take() {
      const done = window;
      window = fresh();
      return done;
    },
    setConcurrency(c) {
      concurrency = c;
      fill();
    },
    async stop() {
      stopped = true;
      await Promise.all([...running]);
    },
  };
}

/** One line of figures for a window: req/s, p50/p95/p99 in ms, errors by status. */
export function summarise(w: Window, untilMs = performance.now()): { rps: number; p50: number; p95: number; p99: number; errors: string; errorCount: number } {
  const sorted = [...w.latencies].sort((a, b) => a - b);
  const seconds = Math.max(0.001, (untilMs - w.startedAt) / 1000);
  const errorCount = Object.values(w.errors).reduce((a, b) => a + b, 0);
  return {
    rps: Math.round((w.requests / seconds) * 10) / 10,
    p50: Math.round(percentile(sorted, 50)),
    p95: Math.round(percentile(sorted, 95)),
    p99: Math.round(percentile(sorted, 99)),
    errors: Object.entries(w.errors).map(([s, k]) => `${s}×${k}`).join(" ") || "none",
    errorCount,
  };
}
