import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { SERVICES } from "../../contracts/services.ts";
import { startFailingOrigin } from "./failing-origin.ts";
import { TEST_STACK_PORTS, TEST_REDIS_URL } from "./stack-ports.ts";

/**
 * Runs in Node before the Worker tests: starts the real regional services (throwaway PGlite
 * databases, a small seeded catalog, the Upstash bridge in front of the real Redis) on the ports
 * the Worker's REGIONS binding points at in vitest.config.ts. They run in a child process of
 * their own, with Node's module resolution, and are stopped by its PID at the end.
 */
const root = resolve(import.meta.dirname, "../..");
let child: ChildProcess | undefined;
let stopFailingOrigin: (() => Promise<void>) | undefined;

export async function setup(): Promise<void> {
  stopFailingOrigin = await startFailingOrigin(TEST_STACK_PORTS.failingCatalog);
  const present = SERVICES.filter((name) => existsSync(resolve(root, `regional-services/${name}/service.ts`)));
  const proc = spawn(process.execPath, [resolve(root, "scripts/stack-main.ts")], {
    cwd: root,
    env: {
      ...process.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      STACK_PORT_BASE: String(TEST_STACK_PORTS.bridge),
      STACK_ONLY: present.join(","),
      STACK_SEED_PRODUCTS: "60",
      STACK_REDIS_URL: TEST_REDIS_URL,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  child = proc;
  await new Promise<void>((ready, fail) => {
    const lines = createInterface({ input: proc.stdout ?? process.stdin });
    lines.on("line", (line) => {
      if (line.startsWith("READY ")) ready();
      else console.log(line);
    });
    proc.once("exit", (code) => fail(new Error(`the regional test stack exited early (code ${code})`)));
  });
}

export async function teardown(): Promise<void> {
  await stopFailingOrigin?.();
  const proc = child;
  if (!proc || proc.exitCode !== null) return;
  await new Promise<void>((done) => {
    proc.once("exit", () => done());
    proc.kill("SIGTERM");
  });
}
