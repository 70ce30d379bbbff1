import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { loadEnv, SERVICES } from "../regional-services/shared/env.ts";
import { NODE_MEMORY_ENV, NODE_MEMORY_FLAGS } from "../regional-services/shared/node-flags.ts";
import { startLocalPostgres, type LocalPostgres } from "./local-postgres.ts";
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
  DATA_DIR: dataDir,
  UPSTASH_REDIS_REST_URL: process.env.UPSTASH_REDIS_REST_URL ?? local(raw.UPSTASH_BRIDGE_PORT),
  CATALOG_URL: serviceUrls.catalog,
  ORDERS_URL: serviceUrls.orders,
  PAYMENTS_URL: serviceUrls.payments,
  CUSTOMERS_URL: serviceUrls.customers,
};

/**
 * Postgres: the server `npm install` brought, in .data/postgres, one database per service,
 * unless every service was given its own `<SERVICE>_DATABASE_URL` (Neon, or any Postgres).
 */
const configured = SERVICES.filter((name) => process.env[`${name.toUpperCase()}_DATABASE_URL`]);
let postgres: LocalPostgres | undefined;
if (configured.length < SERVICES.length) {
  const startedAt = Date.now();
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
}

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
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log("\nstopping edgeshop…");
  await Promise.all(children.map((child) => child.stop()));
  await postgres?.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

run("redis", ["regional-services/upstash-bridge/main.ts"]);
for (const name of SERVICES) run(name, [`regional-services/${name}/main.ts`]);
run("edge", [
  "node_modules/wrangler/bin/wrangler.js",
  "dev",
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

const started = Date.now();
let adminLine = "";
try {
  // Each service first (its probes log at debug), then the edge's readiness, which checks every
  // regional service it is configured with: the storefront URL is printed only once it answers.
  await waitForHealthy(
    [
      ...Object.values(serviceUrls).map((u) => `${u}/healthz`),
      `${local(EDGE_PORT)}/readyz`,
    ],
    180_000,
  );
  await waitForOrdersCaughtUp(serviceUrls.catalog, serviceUrls.orders, raw.SERVICE_SIGNING_SECRET, 180_000);
  // The dev owner, once the customers service has migrated its database (scripts/create-owner.ts).
  adminLine = execFileSync(process.execPath, ["scripts/create-owner.ts", "--dev"], { cwd: root, env: { ...childEnv, EDGE_PORT: String(EDGE_PORT), LOG_LEVEL: "warn" }, encoding: "utf8" }).trim();
} catch (err) {
  // Stop the children too: left running, they would hold the ports of the next `npm run dev`.
  console.error(`\nedgeshop did not start: ${err instanceof Error ? err.message : String(err)}`);
  await stop(1);
}
console.log(
  `\n\x1b[1medgeshop is running\x1b[0m (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)\n` +
    `  storefront   http://127.0.0.1:${EDGE_PORT}/\n` +
    `  ${adminLine}\n` +
    `  services     catalog :${raw.CATALOG_PORT}  orders :${raw.ORDERS_PORT}  payments :${raw.PAYMENTS_PORT}  customers :${raw.CUSTOMERS_PORT}\n` +
    `  data         ${dataDir} (npm run reset to start afresh)\n` +
    (postgres ? `  postgres     127.0.0.1:${postgres.port}, databases ${SERVICES.join(", ")}\n` : "") +
    `  Ctrl-C stops everything.\n`,
);
