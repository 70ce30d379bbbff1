import { appendFileSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { SERVICES, type ServiceName } from "../../regional-services/shared/env.ts";
import { DEV_SECRETS } from "../../platform/dev-secrets.ts";
import { NODE_MEMORY_ENV, NODE_MEMORY_FLAGS } from "../../regional-services/shared/node-flags.ts";
import { supervise, type Supervised } from "../supervisor.ts";
import { waitForHealthy, waitForOrdersCaughtUp } from "../wait.ts";
import { edgeBundle } from "../edge-bundle.ts";
import { BUNDLED_ENTRIES, serviceBundles, type BundledProcess } from "../service-bundles.ts";

/**
 * The stack as `npm run dev` runs it (scripts/dev.ts): every regional service and the Upstash
 * bridge as its own Node process, the Worker in workerd through `wrangler dev`, each kept alive by
 * the same supervisor, so a `kill -9` is followed by the same restart a developer sees. Unlike
 * dev.ts it hands out each child's pid, so faults can be aimed at one process, and it can take a
 * child down on purpose and bring it back later.
 */
export type ChildName = ServiceName | "bridge" | "edge";

export interface FaultStackOptions {
  root: string;
  dataDir: string;
  ports: Record<ChildName, number>;
  /** Extra environment for every child (database URLs, Redis, reconciliation timing). */
  env: Record<string, string>;
  logFile: string;
  /** Which children to run; all of them by default (a benchmark may run the Worker its own way). */
  children?: readonly ChildName[];
  /** The bundles `npm run dev` runs (stackBundles); without them each child runs from its sources. */
  bundles?: StackBundles;
}

export interface StackBundles {
  services: Record<BundledProcess, string>;
  /** The Worker's bundle; without it wrangler bundles the Worker itself. */
  edge?: string;
}

/** The bundles of every Node process and of the Worker (into `dataDir`), as `npm run dev` builds them. */
export async function stackBundles(root: string, dataDir: string): Promise<StackBundles> {
  const [services, edge] = await Promise.all([serviceBundles(root), edgeBundle(root, resolve(dataDir, "edge-bundle"))]);
  return { services, edge };
}

export interface FaultStack {
  edgeUrl: string;
  /** `wrangler dev`'s inspector (DevTools protocol) for the Worker. */
  edgeInspectorUrl: string;
  urls: Record<ServiceName, string>;
  pid(name: ChildName): number | undefined;
  starts(name: ChildName): number;
  /** `kill -9` of the child's process; the supervisor restarts it. */
  kill9(name: ChildName): void;
  /** Stops the child and keeps it stopped until `up`. */
  down(name: ChildName): Promise<void>;
  up(name: ChildName): void;
  /** Every service healthy and the edge ready. */
  ready(timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

const local = (port: number) => `http://127.0.0.1:${port}`;

export function startFaultStack(options: FaultStackOptions): FaultStack {
  const { root, ports } = options;
  mkdirSync(options.dataDir, { recursive: true });
  const urls = Object.fromEntries(SERVICES.map((s) => [s, local(ports[s])])) as Record<ServiceName, string>;
  const env: NodeJS.ProcessEnv = {
    ...NODE_MEMORY_ENV,
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    DATA_DIR: options.dataDir,
    LOG_LEVEL: "warn",
    UPSTASH_BRIDGE_PORT: String(ports.bridge),
    UPSTASH_REDIS_REST_URL: local(ports.bridge),
    CATALOG_URL: urls.catalog,
    ORDERS_URL: urls.orders,
    PAYMENTS_URL: urls.payments,
    CUSTOMERS_URL: urls.customers,
    CATALOG_PORT: String(ports.catalog),
    ORDERS_PORT: String(ports.orders),
    PAYMENTS_PORT: String(ports.payments),
    CUSTOMERS_PORT: String(ports.customers),
    ...options.env,
  };
  const inspectorPort = ports.edge + 442;
  const bundles = options.bundles;
  const node = (name: BundledProcess) => (bundles ? ["--enable-source-maps", bundles.services[name]] : [BUNDLED_ENTRIES[name]]);
  const commands: Record<ChildName, string[]> = {
    bridge: node("bridge"),
    catalog: node("catalog"),
    orders: node("orders"),
    payments: node("payments"),
    customers: node("customers"),
    edge: [
      "node_modules/wrangler/bin/wrangler.js",
      "dev",
      // The config named: wrangler otherwise looks for it beside the script, in the data folder.
      ...(bundles?.edge ? [bundles.edge, "--no-bundle", "--config", resolve(root, "wrangler.toml")] : []),
      "--ip",
      "127.0.0.1",
      "--port",
      String(ports.edge),
      "--persist-to",
      resolve(options.dataDir, "wrangler"),
      "--show-interactive-dev-session=false",
      "--inspector-ip",
      "127.0.0.1",
      "--inspector-port",
      String(inspectorPort),
      "--var",
      `REGIONS:${JSON.stringify({ local: urls })}`,
    ],
  };
  const children = new Map<ChildName, Supervised>();
  const log = (name: string, line: string) => appendFileSync(options.logFile, `${new Date().toISOString()} ${name.padEnd(9)}│ ${line}\n`);
  const up = (name: ChildName) => {
    children.set(
      name,
      supervise(
        { name, command: process.execPath, args: [...NODE_MEMORY_FLAGS, ...commands[name]], cwd: root, env, onLine: (line) => log(name, line) },
        // Restarts come quickly and do not back off for long: each fault is followed by a recovery window.
        { log, initialDelayMs: 300, maxDelayMs: 2_000 },
      ),
    );
  };
  const running = options.children ?? (["bridge", ...SERVICES, "edge"] as const);
  for (const name of running) up(name);
  const child = (name: ChildName) => {
    const c = children.get(name);
    if (!c) throw new Error(`${name} is not supervised`);
    return c;
  };

  return {
    edgeUrl: local(ports.edge),
    edgeInspectorUrl: local(inspectorPort),
    urls,
    pid: (name) => child(name).pid,
    starts: (name) => child(name).starts,
    kill9(name) {
      const pid = child(name).pid;
      if (pid !== undefined) process.kill(pid, "SIGKILL");
    },
    async down(name) {
      await child(name).stop();
    },
    up,
    async ready(timeoutMs) {
      const edgeReady = running.includes("edge") ? [`${local(ports.edge)}/readyz`] : [];
      await waitForHealthy([...Object.values(urls).map((u) => `${u}/healthz`), ...edgeReady], timeoutMs);
      await waitForOrdersCaughtUp(urls.catalog, urls.orders, process.env.SERVICE_SIGNING_SECRET ?? DEV_SECRETS.SERVICE_SIGNING_SECRET, timeoutMs);
    },
    async stop() {
      await Promise.all([...children.values()].map((c) => c.stop()));
    },
  };
}
