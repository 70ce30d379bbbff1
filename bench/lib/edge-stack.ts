import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PERMISSIONS } from "../../domain/staff-roles.ts";
import { DEV_OWNER_EMAIL, DEV_SECRETS } from "../../platform/dev-secrets.ts";
import { openCustomersDatabase } from "../../regional-services/customers/db.ts";
import { ensureDevOwner } from "../../regional-services/customers/staff.ts";
import { SERVICES, type ServiceName } from "../../regional-services/shared/env.ts";
import { startFaultStack, type ChildName } from "../../scripts/faults/stack.ts";
import { serviceBundles } from "../../scripts/service-bundles.ts";
import { regionsFor, startStack, type StackOptions } from "../../scripts/stack.ts";
import { stats } from "./process-cpu.ts";
import { buildEdgeBundle, startEdge, type RunningWorker } from "./workers.ts";

/**
 * The whole platform for a benchmark: the regional services (the 2,000-product demo catalog) and
 * the production bundle of the edge Worker under Miniflare, pointed at them. Given databases, each
 * service and the Upstash bridge run as their own Node process, as `npm run dev` and production
 * run them: in one process with the benchmark's own client they would share one event loop, and
 * the benchmark would measure that loop (checkout: 35 orders/s in-process on this machine).
 * Without databases (a quick look), the services run in this process on throwaway PGlite.
 */
export interface EdgeStack {
  edge: RunningWorker;
  stack: RegionalStack;
  /** The workerd process running the edge Worker (Miniflare's, a child of this process). */
  edgePid(): number | undefined;
  close(): Promise<void>;
}

/** This process's workerd children: Miniflare starts one per instance. */
function workerdChildren(): Set<number> {
  return new Set([...stats()].filter(([, s]) => s.ppid === process.pid && s.command === "workerd").map(([pid]) => pid));
}

export interface RegionalStack {
  urls: Record<ServiceName | "bridge", string>;
  /** A service's (or the bridge's) process id when it runs as its own process, to watch its memory. */
  pid(name: ChildName): number | undefined;
  close(): Promise<void>;
}

export const BENCH_DIR = resolve(import.meta.dirname, "../../.data/bench");

/**
 * Where the Worker's Durable Objects and KV keep their SQLite files during a bench: in memory
 * (/dev/shm) where the machine has it. Locally every Durable Object runs on workerd's one thread,
 * whose synchronous SQLite commits then wait for the disk, one after another, for all carts at
 * once (add to cart: ~100/s on this machine's disk); in production each object's storage is its
 * own and writes do not block other objects. The files and the SQLite path are the same.
 */
function edgeStateDir(portBase: number): string {
  return existsSync("/dev/shm") ? `/dev/shm/edgeshop-bench-${portBase}` : resolve(BENCH_DIR, "edge-state");
}

function freshDir(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

/** `databases`: the services' `<SERVICE>_DATABASE_URL`s and a Redis (bench-postgres.ts); without them, PGlite in memory. */
export async function startEdgeStack(portBase = 19500, databases: Pick<StackOptions, "env" | "redisUrl"> = {}): Promise<EdgeStack> {
  const ports = { bridge: portBase, catalog: portBase + 1, orders: portBase + 2, payments: portBase + 3, customers: portBase + 4 };
  const stack = databases.env && Object.keys(databases.env).length > 0 ? await startServiceProcesses(ports, databases) : await startInProcess(ports, databases);
  const stateDir = edgeStateDir(portBase);
  try {
    const before = workerdChildren();
    const edge = await startEdge({
      scriptPath: buildEdgeBundle(resolve(BENCH_DIR, "edge-bundle")),
      port: 0,
      bindings: benchEdgeBindings(stack.urls),
      persistTo: freshDir(stateDir),
    });
    const edgePid = [...workerdChildren()].find((pid) => !before.has(pid));
    return {
      edge,
      stack,
      edgePid: () => edgePid,
      close: async () => {
        await edge.close();
        await stack.close();
        rmSync(stateDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stack.close();
    throw err;
  }
}

async function startInProcess(ports: StackOptions["ports"], databases: Pick<StackOptions, "env" | "redisUrl">): Promise<RegionalStack> {
  const stack = await startStack({ ports, memory: true, ...databases });
  return { urls: stack.urls, pid: () => undefined, close: () => stack.close() };
}

async function ensureBenchOwner(url: string): Promise<void> {
  const handle = await openCustomersDatabase({ url, dataDir: "", migrate: true, poolMax: 1 });
  try {
    await ensureDevOwner(handle.db);
  } finally {
    await handle.close();
  }
}

/** Every service and the bridge as their own supervised process (scripts/faults/stack.ts), quiet but for warnings. */
async function startServiceProcesses(ports: StackOptions["ports"], databases: Pick<StackOptions, "env" | "redisUrl">): Promise<RegionalStack> {
  const work = mkdtempSync(join(tmpdir(), "edgeshop-bench-"));
  const stack = startFaultStack({
    // The Worker runs under Miniflare here, from the production bundle.
    bundles: { services: await serviceBundles(resolve(import.meta.dirname, "../..")) },
    root: resolve(import.meta.dirname, "../.."),
    dataDir: join(work, "data"),
    // The edge runs under Miniflare here; its port is never opened.
    ports: { ...ports, edge: 0 },
    logFile: join(work, "stack.log"),
    env: { ...databases.env, ...(databases.redisUrl ? { REDIS_URL: databases.redisUrl } : {}) },
    children: ["bridge", ...SERVICES],
  });
  const close = async () => {
    await stack.stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    await stack.ready(300_000);
    // As `npm run dev` does: benchmarks that act as the merchant sign in as the dev owner.
    const customersUrl = databases.env?.CUSTOMERS_DATABASE_URL;
    if (customersUrl) await ensureBenchOwner(customersUrl);
  } catch (err) {
    await close();
    throw err;
  }
  return { urls: { ...stack.urls, bridge: `http://127.0.0.1:${ports.bridge}` }, pid: (name) => stack.pid(name), close };
}

/** The edge Worker's variables for a benchmark, pointed at the regional services at `urls`. */
export function benchEdgeBindings(urls: Record<ServiceName, string>): Record<string, string> {
  return {
    ENVIRONMENT: "bench",
    REGIONS: regionsFor(urls),
    DEFAULT_REGION: "local",
    EDGE_SIGNING_SECRET: "dev-edge-signing-secret-change-me",
    SESSION_SECRET: "dev-session-secret-change-me-please-32b",
    CATALOG_VERSION_TTL_MS: "1000",
    // A line per checkout would bury the figures.
    LOG_LEVEL: "warn",
  };
}

/** A fresh shopper: the session cookie the edge sets on a first visit. */
export async function sessionCookie(edgeUrl: string): Promise<string> {
  const res = await fetch(`${edgeUrl}/api/cart`);
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  await res.arrayBuffer();
  if (!cookie) throw new Error("the edge did not set a session cookie");
  return cookie;
}

/**
 * An owner's API token with every permission, for a benchmark that sets a scene as the merchant
 * (through /admin/api/..., as a merchant's script would): the dev owner the stack made signs in
 * at the edge and creates it.
 */
export async function merchantToken(edgeUrl: string): Promise<string> {
  const signIn = await fetch(`${edgeUrl}/admin/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: DEV_OWNER_EMAIL, password: DEV_SECRETS.DEV_OWNER_PASSWORD }),
  });
  const cookie = signIn.headers.get("set-cookie")?.split(";")[0];
  await signIn.arrayBuffer();
  if (!signIn.ok || !cookie) throw new Error(`the dev owner's sign-in answered ${signIn.status}`);
  const created = await fetch(`${edgeUrl}/admin/api/tokens`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench", scopes: [...PERMISSIONS] }),
  });
  if (created.status !== 201) throw new Error(`creating the bench's API token answered ${created.status}: ${await created.text()}`);
  return ((await created.json()) as { secret: string }).secret;
}

/**
 * Sets each variant's count of units on hand through the merchant API, as a merchant restocking
 * would: a benchmark that sells thousands of units must not turn into a stock-out test.
 */
export async function restock(edgeUrl: string, token: string, variantIds: readonly string[], units: number): Promise<void> {
  for (const id of variantIds) {
    const res = await fetch(`${edgeUrl}/admin/api/variants/${id}/stock-adjustments`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": `bench-restock-${id}-${Date.now()}` },
      body: JSON.stringify({ set: units, reason: "benchmark restock" }),
    });
    if (!res.ok) throw new Error(`restocking ${id} answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  }
}
