import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { PERMISSIONS } from "../../domain/staff-roles.ts";
import { DEV_OWNER_EMAIL, DEV_SECRETS } from "../../platform/dev-secrets.ts";
import { regionsFor, startStack, type Stack } from "../../scripts/stack.ts";
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

function freshDir(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

export async function startEdgeStack(portBase = 19500): Promise<EdgeStack> {
  const stack = await startStack({
    ports: { bridge: portBase, catalog: portBase + 1, orders: portBase + 2, payments: portBase + 3, customers: portBase + 4 },
    memory: true,
  });
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
      persistTo: freshDir(resolve(BENCH_DIR, "edge-state")),
    });
    return {
      edge,
      stack,
      close: async () => {
        await edge.close();
        await stack.close();
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
