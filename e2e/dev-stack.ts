import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Starts the stack exactly as `npm run dev` does (scripts/dev.ts: services as processes, the
 * Worker in workerd through wrangler dev), on its own ports and a throwaway data folder, so it
 * can run beside a developer's own `npm run dev`.
 */
export interface DevStack {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

const root = resolve(import.meta.dirname, "..");

/**
 * `dataDir`: an existing data folder to start on (a restart), which stop() leaves in place;
 * without it, a throwaway folder that stop() deletes.
 */
export async function startDevStack(base = 18900, options: { dataDir?: string } = {}): Promise<DevStack> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "edgeshop-e2e-"));
  const ports = { edge: base, catalog: base + 1, orders: base + 2, payments: base + 3, customers: base + 4, bridge: base + 5 };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    EDGE_PORT: String(ports.edge),
    CATALOG_PORT: String(ports.catalog),
    ORDERS_PORT: String(ports.orders),
    PAYMENTS_PORT: String(ports.payments),
    CUSTOMERS_PORT: String(ports.customers),
    UPSTASH_BRIDGE_PORT: String(ports.bridge),
  };
  const proc: ChildProcess = spawn(process.execPath, ["scripts/dev.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  proc.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  proc.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((done) => proc.once("exit", () => done()));
  const url = `http://127.0.0.1:${ports.edge}`;
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
    await exited;
    if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // The runner says it is running once every service answers and orders has read the catalog feed.
    const deadline = Date.now() + 300_000;
    while (!log.includes("edgeshop is running")) {
      if (proc.exitCode !== null || Date.now() > deadline) throw new Error("no ready banner");
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (err) {
    await stop();
    throw new Error(`the dev stack did not start: ${String(err)}\n--- output ---\n${log.slice(-4000)}`);
  }
  return { url, output: () => log, stop };
}
