import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { SERVICES } from "../../regional-services/shared/env.ts";
import { inStockVariants } from "../in-stock-variants.ts";
import { check } from "./checks.ts";
import { logSize, PHASES, reconciledSince } from "./phases.ts";
import { startPrivatePostgres, type PrivatePostgres } from "./postgres.ts";
import { privateRedis, type PrivateRedis } from "./redis.ts";
import { failures, printTable, type Row } from "./report.ts";
import { startShoppers } from "./shoppers.ts";
import { stackBundles, startFaultStack, type FaultStack } from "./stack.ts";

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
