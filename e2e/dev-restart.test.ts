import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ProductListPage } from "../contracts/catalog/views.ts";
import { DEV_OWNER_EMAIL, DEV_SECRETS } from "../platform/dev-secrets.ts";
import { startDevStack, type DevStack } from "./dev-stack.ts";

/**
 * `npm run dev` started twice on one data folder, as a developer does every day. The first start
 * makes the dev owner; the restart, which starts the edge before Postgres and the services while
 * the edge is still starting, still says "running" only once the edge's /readyz finds every
 * service answering, and finds the same data: the dev owner (not made again) and the catalog.
 * Between the two, the first stack's stop leaves no process of it behind.
 */
const BASE = 18940;
const dataDir = mkdtempSync(join(tmpdir(), "edgeshop-e2e-restart-"));
const adminLine = `admin        http://127.0.0.1:${BASE}/admin  ${DEV_OWNER_EMAIL} / ${DEV_SECRETS.DEV_OWNER_PASSWORD}`;
let stack: DevStack | undefined;

/** The newest products' ids, as a shopper's first page lists them. */
async function newestProducts(url: string): Promise<string[]> {
  const res = await fetch(`${url}/api/products?limit=3`);
  expect(res.status).toBe(200);
  return ((await res.json()) as ProductListPage).products.map((p) => p.id);
}

/** Processes still running with this data folder in their environment: what a stop left behind. */
function leftBehind(): number[] {
  const left: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, "utf8").split("\0").includes(`DATA_DIR=${dataDir}`)) left.push(Number(entry));
    } catch {
      // exited, or not ours to read
    }
  }
  return left;
}

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm run dev on the same data folder twice", () => {
  it("makes the dev owner on the first start, and on the restart is ready with the same owner and catalog", async () => {
    stack = await startDevStack(BASE, { dataDir });
    expect(stack.output()).toContain(`${adminLine} (created now)`);
    const before = await newestProducts(stack.url);
    expect(before).toHaveLength(3);
    await stack.stop();
    // Stopped means stopped: no service, bridge, wrangler or workerd keeps running (and holding its
    // port). esbuild's service process ends on its own a moment after the runner that started it.
    for (const deadline = Date.now() + 10_000; leftBehind().length > 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 200));
    expect(leftBehind()).toEqual([]);

    stack = await startDevStack(BASE, { dataDir });
    const banner = stack.output().slice(stack.output().indexOf("edgeshop is running"));
    expect(banner).toContain(adminLine);
    expect(banner).not.toContain("(created now)");
    const ready = await fetch(`${stack.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await newestProducts(stack.url)).toEqual(before);
  }, 300_000);
});
