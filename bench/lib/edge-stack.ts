import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { PERMISSIONS } from "../../domain/staff-roles.ts";
import { DEV_OWNER_EMAIL, DEV_SECRETS } from "../../platform/dev-secrets.ts";
import { regionsFor, startStack, type Stack, type StackOptions } from "../../scripts/stack.ts";
import { buildEdgeBundle, startEdge, type RunningWorker } from "./workers.ts";

/**
 * The whole platform for a benchmark: the regional stack in this process (fresh in-memory
 * databases, the 2,000-product demo catalog) and the production bundle of the edge Worker under
 * Miniflare, pointed at it.
 */
export interface EdgeStack {
  edge: RunningWorker;
  stack: Stack;
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
  const stack = await startStack({
    ports: { bridge: portBase, catalog: portBase + 1, orders: portBase + 2, payments: portBase + 3, customers: portBase + 4 },
    memory: true,
    ...databases,
  });
  const stateDir = edgeStateDir(portBase);
  try {
    const edge = await startEdge({
      scriptPath: buildEdgeBundle(resolve(BENCH_DIR, "edge-bundle")),
      port: 0,
      bindings: {
        ENVIRONMENT: "bench",
        REGIONS: regionsFor(stack.urls),
        DEFAULT_REGION: "local",
        EDGE_SIGNING_SECRET: "dev-edge-signing-secret-change-me",
        SESSION_SECRET: "dev-session-secret-change-me-please-32b",
        CATALOG_VERSION_TTL_MS: "1000",
      },
      persistTo: freshDir(stateDir),
    });
    return {
      edge,
      stack,
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
