import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SERVICES } from "../../regional-services/shared/env.ts";
import { stackBundles, startFaultStack, type FaultStack } from "../../scripts/faults/stack.ts";
import { startLocalPostgres, type LocalPostgres } from "../../scripts/local-postgres.ts";

/**
 * The stack as `npm run dev` runs it — the embedded PostgreSQL server with one database per
 * service, one Node process per service, the Worker under `wrangler dev` — for benchmarks that
 * watch each process (the soak's RSS) or want the production-like process layout (the spike).
 * Its own ports, and a throwaway cluster that `close()` deletes.
 */
export interface ProcessStack {
  stack: FaultStack;
  /** The embedded PostgreSQL server's postmaster pid (its backends are its children). */
  postgresPid(): number | undefined;
  /** The Worker's `--persist-to` folder: Durable Object and KV state. */
  wranglerDir: string;
  logFile: string;
  close(): Promise<void>;
}

export async function startProcessStack(base: number): Promise<ProcessStack> {
  const work = mkdtempSync(join(tmpdir(), "edgeshop-bench-"));
  const logFile = join(work, "stack.log");
  let postgres: LocalPostgres | undefined;
  let stack: FaultStack | undefined;
  const close = async () => {
    await stack?.stop();
    await postgres?.stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    postgres = await startLocalPostgres({ port: 0, databases: SERVICES });
    const pg = postgres;
    stack = startFaultStack({
      bundles: await stackBundles(resolve(import.meta.dirname, "../.."), join(work, "data")),
      root: resolve(import.meta.dirname, "../.."),
      dataDir: join(work, "data"),
      ports: { edge: base, catalog: base + 1, orders: base + 2, payments: base + 3, customers: base + 4, bridge: base + 5 },
      logFile,
      env: Object.fromEntries(SERVICES.map((s) => [`${s.toUpperCase()}_DATABASE_URL`, pg.url(s)])),
    });
    await stack.ready(300_000);
    return { stack, postgresPid: () => postgres?.pid(), wranglerDir: join(work, "data", "wrangler"), logFile, close };
  } catch (err) {
    await close();
    throw err;
  }
}
