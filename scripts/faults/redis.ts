import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reachable } from "../../regional-services/shared/testing.ts";

/**
 * A redis-server of the fault run's own on its own port, so stopping it (a fault we inject) never
 * touches the machine's shared Redis. No persistence: a stopped Redis comes back empty, the worst
 * case for the claims and replay keys kept in it.
 */
export interface PrivateRedis {
  url: string;
  readonly pid: number | undefined;
  start(): Promise<void>;
  /** kill -9, as a crash or an OOM kill would. */
  stop(): Promise<void>;
  /** Stops it for good and removes its folder. */
  close(): Promise<void>;
}

export function privateRedis(port: number): PrivateRedis {
  const dir = mkdtempSync(join(tmpdir(), "edgeshop-faults-redis-"));
  let proc: ChildProcess | undefined;
  const stop = async () => {
    const p = proc;
    proc = undefined;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((done) => p.once("exit", done));
    p.kill("SIGKILL");
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return proc?.pid;
    },
    async start() {
      proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
      for (let i = 0; i < 100 && !(await reachable("127.0.0.1", port, 200)); i++) await new Promise((r) => setTimeout(r, 100));
    },
    stop,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

