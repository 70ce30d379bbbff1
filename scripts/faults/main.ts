import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DEV_SECRETS } from "../../platform/dev-secrets.ts";
import { SERVICES } from "../../regional-services/shared/env.ts";
import { check, type Verdict } from "./checks.ts";
import { startPrivatePostgres, type PrivatePostgres } from "./postgres.ts";
import { privateRedis, type PrivateRedis } from "./redis.ts";
import { startShoppers, type Tally } from "./shoppers.ts";
import { stackBundles, startFaultStack, type ChildName, type FaultStack } from "./stack.ts";
import { killWhen, ORDER_AWAITING_PAYMENT, PAYMENT_IN_FLIGHT } from "./aim.ts";
import { delayWebhooks, loseWebhooks, redeliver } from "./webhooks.ts";

/**
 * `npm run test:faults`: the real stack (as `npm run dev` runs it) on its own ports, its own
 * Postgres cluster and its own Redis, under a bounded checkout load; each fault is injected in
 * turn while shoppers keep shopping, then the databases are checked: no order lost or doubled,
 * one capture per paid order, no cart line lost, no payment left in processing once
 * reconciliation has run. Prints a table and exits non-zero if any of that fails. Everything it
 * started is stopped by pid and its folders removed, whatever happens.
 */
const root = resolve(import.meta.dirname, "../..");
const BASE = Number(process.env.FAULTS_PORT_BASE ?? 18700);
const SHOPPERS = Number(process.env.FAULTS_SHOPPERS ?? 4);
/** Load before the fault, and after it has healed, in each phase. */
const LEAD_MS = 3_000;
const TAIL_MS = 5_000;
const SETTLE_MS = 45_000;

const ports = { edge: BASE, catalog: BASE + 1, orders: BASE + 2, payments: BASE + 3, customers: BASE + 4, bridge: BASE + 5 };
const PG_PORT = BASE + 10;
const REDIS_PORT = BASE + 11;

interface Phase {
  name: string;
  /** False: shoppers send the checkout once and walk away (see ShopperOptions). */
  retryCheckout?: boolean;
  /** Injects the fault and heals it; returns a note on what was done. */
  inject(ctx: Context): Promise<string>;
}

interface Context {
  stack: FaultStack;
  pg: PrivatePostgres;
  redis: PrivateRedis;
  since: Date;
}

const until = async (what: string, ok: () => Promise<boolean>, timeoutMs = 120_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
};
/** Payments the reconciliation job moved, as the payments service logged them. */
function reconciledSince(logFile: string, offset: number): number {
  const text = readFileSync(logFile, "utf8").slice(offset);
  return text.split("\n").filter((line) => line.includes("stuck payment reconciled")).length;
}
const logSize = (logFile: string) => (existsSync(logFile) ? readFileSync(logFile, "utf8").length : 0);
const healthy = (url: string) => async () => (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;
/** The supervisor has started `name` again since `starts`, and it answers: not the dying one answering. */
const restarted = (stack: FaultStack, name: ChildName, starts: number, url: string) => async () => stack.starts(name) > starts && (await healthy(url)());

const PHASES: Phase[] = [
  { name: "no fault (baseline)", inject: async () => (await sleep(5_000), "") },
  {
    name: "kill -9 orders",
    async inject({ stack, pg }) {
      const pid = stack.pid("orders");
      const starts = stack.starts("orders");
      // Aimed at a checkout between placing its order and hearing about the payment.
      const aimed = await killWhen(pg.url("orders"), ORDER_AWAITING_PAYMENT, () => stack.kill9("orders"), 10_000);
      await until("orders restarted", restarted(stack, "orders", starts, `${stack.urls.orders}/healthz`));
      return `pid ${pid} killed${aimed ? " with an order awaiting payment" : ""}, back as ${stack.pid("orders")}`;
    },
  },
  {
    name: "kill -9 payments",
    async inject({ stack, pg }) {
      const pid = stack.pid("payments");
      const starts = stack.starts("payments");
      const aimed = await killWhen(pg.url("payments"), PAYMENT_IN_FLIGHT, () => stack.kill9("payments"), 10_000);
      await until("payments restarted", restarted(stack, "payments", starts, `${stack.urls.payments}/healthz`));
      return `pid ${pid} killed${aimed ? " with a payment in flight" : ""}, back as ${stack.pid("payments")}`;
    },
  },
  {
    name: "Postgres restarted",
    async inject({ pg }) {
      await pg.restart();
      return "private cluster restarted (-m immediate)";
    },
  },
  {
    name: "Redis stopped",
    async inject({ redis }) {
      const pid = redis.pid;
      await redis.stop();
      await sleep(6_000);
      await redis.start();
      return `redis-server ${pid} killed for 6 s, restarted empty as ${redis.pid}`;
    },
  },
  {
    name: "catalog down",
    async inject({ stack }) {
      await stack.down("catalog");
      await sleep(8_000);
      stack.up("catalog");
      await until("catalog back", healthy(`${stack.urls.catalog}/healthz`));
      return "catalog stopped for 8 s";
    },
  },
  {
    name: "webhooks lost + payments killed mid-payment, shoppers walk away",
    retryCheckout: false,
    async inject({ stack, pg }) {
      const lose = loseWebhooks(pg.url("payments"));
      // With the webhooks gone and nobody retrying, a payment the crash leaves in processing has
      // only reconciliation to finish it. The kill is aimed at a moment one is in flight.
      const aimed: boolean[] = [];
      for (let i = 0; i < 2; i++) {
        await sleep(1_500);
        const starts = stack.starts("payments");
        aimed.push(await killWhen(pg.url("payments"), PAYMENT_IN_FLIGHT, () => stack.kill9("payments"), 10_000));
        await until("payments restarted", restarted(stack, "payments", starts, `${stack.urls.payments}/healthz`));
      }
      await sleep(2_000);
      await lose.stop();
      return `${lose.affected} webhooks dropped; payments killed twice, ${aimed.filter(Boolean).length} of them with a payment in processing`;
    },
  },
  {
    name: "webhooks delayed 10 s",
    async inject({ pg }) {
      const delay = delayWebhooks(pg.url("payments"), 10);
      await sleep(8_000);
      await delay.stop();
      return `${delay.affected} webhooks delayed`;
    },
  },
  {
    name: "webhooks delivered 5 times",
    async inject({ stack, pg, since }) {
      await sleep(4_000);
      const sent = await redeliver(pg.url("payments"), stack.urls.payments, process.env.PAYMENTS_WEBHOOK_SECRET ?? DEV_SECRETS.PAYMENTS_WEBHOOK_SECRET, since, 4);
      return `${sent} extra deliveries (each delivered event 1 + 4 times)`;
    },
  },
  {
    name: "Worker reloaded mid-session",
    async inject({ stack }) {
      const pid = stack.pid("edge");
      const starts = stack.starts("edge");
      stack.kill9("edge");
      await until("the Worker back", restarted(stack, "edge", starts, `${stack.edgeUrl}/healthz`), 180_000);
      return `wrangler ${pid} killed, back as ${stack.pid("edge")}`;
    },
  },
];

interface Row {
  phase: string;
  note: string;
  tally: Tally;
  journeys: number;
  verdict: Verdict;
  reconciled: number;
  seconds: number;
}

async function inStockVariants(edgeUrl: string, limit: number): Promise<string[]> {
  const list = (await (await fetch(`${edgeUrl}/api/products?limit=60`)).json()) as { products: { slug: string; stockState: string }[] };
  const ids: string[] = [];
  for (const p of list.products.filter((x) => x.stockState === "in_stock")) {
    const detail = (await (await fetch(`${edgeUrl}/api/products/${p.slug}`)).json()) as { product: { variants: { id: string; stockState: string; active: boolean }[] } };
    ids.push(...detail.product.variants.filter((v) => v.active && v.stockState === "in_stock").map((v) => v.id));
    if (ids.length >= limit) break;
  }
  if (ids.length === 0) throw new Error("the storefront lists no variant in stock");
  return ids.slice(0, limit);
}

function failures(v: Verdict): string[] {
  const out: string[] = [];
  if (v.lostOrders) out.push(`${v.lostOrders} orders lost`);
  if (v.duplicates) out.push(`${v.duplicates} duplicate orders`);
  if (v.badCaptures) out.push(`${v.badCaptures} orders with wrong captures`);
  if (v.uncaptured) out.push(`${v.uncaptured} provider charges with no capture`);
  if (v.lostLines) out.push(`${v.lostLines} cart lines lost`);
  if (v.stuckPayments) out.push(`${v.stuckPayments} payments stuck in processing`);
  if (v.unsettledOrders) out.push(`${v.unsettledOrders} orders not following their payment`);
  return out;
}

function printTable(rows: readonly Row[]): void {
  const header = ["fault", "s", "shoppers", "sent", "ok", "failed by status", "orders", "paid", "captures", "uncaptured", "dup", "lost", "lost lines", "stuck", "unsettled", "reconciled", "verdict"];
  const lines = rows.map((r) => [
    r.phase,
    String(r.seconds),
    String(r.journeys),
    String(r.tally.sent),
    String(r.tally.succeeded),
    Object.entries(r.tally.failed).map(([s, n]) => `${s}×${n}`).join(" ") || "-",
    String(r.verdict.ordersFound),
    String(r.verdict.paidOrders),
    String(r.verdict.capturesOfPaid),
    String(r.verdict.uncaptured),
    String(r.verdict.duplicates),
    String(r.verdict.lostOrders),
    String(r.verdict.lostLines),
    String(r.verdict.stuckPayments),
    String(r.verdict.unsettledOrders),
    String(r.reconciled),
    failures(r.verdict).length === 0 ? "ok" : "FAIL",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(`\n${fmt(header)}`);
  for (const l of lines) console.log(fmt(l));
  console.log();
  for (const r of rows) if (r.note) console.log(`  ${r.phase}: ${r.note}`);
  for (const r of rows) for (const f of failures(r.verdict)) console.log(`  FAIL ${r.phase}: ${f}`);
}

const work = mkdtempSync(join(tmpdir(), "edgeshop-faults-"));
const logFile = join(work, "stack.log");
let pg: PrivatePostgres | undefined;
let redis: PrivateRedis | undefined;
let stack: FaultStack | undefined;
let exitCode = 1;
const cleanup = async () => {
  await stack?.stop().catch(() => undefined);
  await redis?.close().catch(() => undefined);
  pg?.stop();
};
process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));

const only = process.env.FAULTS_ONLY?.split(",").map((s) => s.trim().toLowerCase());
const phases = only ? PHASES.filter((p) => only.some((o) => p.name.toLowerCase().includes(o))) : PHASES;
const started = Date.now();
try {
  console.log(`fault run: stack on 127.0.0.1:${BASE}…${BASE + 5}, own Postgres :${PG_PORT}, own Redis :${REDIS_PORT}; log ${logFile}`);
  pg = startPrivatePostgres(PG_PORT);
  await pg.createDatabases(SERVICES);
  redis = privateRedis(REDIS_PORT);
  await redis.start();
  const db = pg;
  stack = startFaultStack({
    bundles: await stackBundles(root, join(work, "data")),
    root,
    dataDir: join(work, "data"),
    ports,
    logFile,
    env: {
      REDIS_URL: redis.url,
      ...Object.fromEntries(SERVICES.map((s) => [`${s.toUpperCase()}_DATABASE_URL`, db.url(s)])),
      // Info, so the log shows each payment reconciliation moved (counted per fault).
      LOG_LEVEL: "info",
      // Reconciliation on a short fuse, so a run of a few minutes sees it work.
      PAYMENTS_RECONCILE_AFTER_MS: "3000",
      PAYMENTS_RECONCILE_INTERVAL_MS: "1000",
    },
  });
  await stack.ready(300_000);
  console.log(`stack ready in ${Math.round((Date.now() - started) / 1000)} s`);
  const variants = await inStockVariants(stack.edgeUrl, 40);

  const rows: Row[] = [];
  for (const phase of phases) {
    const t0 = Date.now();
    const since = new Date(Date.now() - 1_000);
    process.stdout.write(`${phase.name}… `);
    const logAt = logSize(logFile);
    const load = startShoppers(stack.edgeUrl, variants, {
      shoppers: SHOPPERS,
      label: phase.name.replace(/[^a-z0-9]+/gi, "-").toLowerCase().slice(0, 30),
      ...(phase.retryCheckout === false ? { retryCheckout: false } : {}),
    });
    await sleep(LEAD_MS);
    const note = await phase.inject({ stack, pg, redis, since });
    await stack.ready(180_000);
    await sleep(TAIL_MS);
    await load.stop();
    const verdict = await check({ orders: pg.url("orders"), payments: pg.url("payments") }, load.journeys, SETTLE_MS);
    const row = { phase: phase.name, note, tally: load.tally, journeys: load.journeys.length, verdict, reconciled: reconciledSince(logFile, logAt), seconds: Math.round((Date.now() - t0) / 1000) };
    rows.push(row);
    console.log(failures(verdict).length === 0 ? "ok" : `FAIL (${failures(verdict).join(", ")})`);
  }
  printTable(rows);
  const failed = rows.filter((r) => failures(r.verdict).length > 0).length;
  const totals = rows.reduce((t, r) => ({ sent: t.sent + r.tally.sent, orders: t.orders + r.verdict.ordersFound }), { sent: 0, orders: 0 });
  console.log(`${rows.length} faults injected, ${totals.sent} requests, ${totals.orders} orders; ${failed === 0 ? "nothing lost" : `${failed} faults broke an invariant`} (${Math.round((Date.now() - started) / 1000)} s)`);
  exitCode = failed === 0 ? 0 : 1;
} catch (err) {
  console.error(`\nfault run aborted: ${err instanceof Error ? err.stack : String(err)}\n(stack log: ${logFile})`);
} finally {
  await cleanup();
  if (exitCode === 0) rmSync(work, { recursive: true, force: true });
  else console.error(`stack log kept at ${logFile}`);
  process.exit(exitCode);
}
