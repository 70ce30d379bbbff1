import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startFaultStack, type FaultStack } from "../../scripts/faults/stack.ts";

/**
 * The stack as `npm run dev` runs it — one process per service, the Worker under `wrangler dev`,
 * PGlite databases in a throwaway folder — for benchmarks that watch each process (the soak's
 * RSS) or want the production-like process layout (the spike). Its own ports.
 */
export interface ProcessStack {
  stack: FaultStack;
  logFile: string;
  close(): Promise<void>;
}

export async function startProcessStack(base: number): Promise<ProcessStack> {
  const work = mkdtempSync(join(tmpdir(), "edgeshop-bench-"));
  const logFile = join(work, "stack.log");
  const stack = startFaultStack({
    root: resolve(import.meta.dirname, "../.."),
    dataDir: join(work, "data"),
    ports: { edge: base, catalog: base + 1, orders: base + 2, payments: base + 3, customers: base + 4, bridge: base + 5 },
    logFile,
    env: {},
  });
  const close = async () => {
    await stack.stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    await stack.ready(300_000);
  } catch (err) {
    await close();
    throw err;
  }
  return { stack, logFile, close };
}
