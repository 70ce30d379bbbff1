import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import type { TestProject } from "vitest/node";
import { SERVICES } from "../../contracts/services.ts";
import { startFailingOrigin } from "./failing-origin.ts";
import { startWebhookReceiver } from "./webhook-receiver.ts";
import { TEST_STACK_PORTS, TEST_REDIS_URL } from "./stack-ports.ts";

/**
 * Runs in Node before the Worker tests: starts the real regional services (throwaway PGlite
 * databases, a small seeded catalog, the Upstash bridge in front of the real Redis) on the ports
 * the Worker's REGIONS binding points at in vitest.config.ts. They run in a child process of
 * their own, with Node's module resolution, and are stopped by its PID at the end. Their output is
 * kept, not printed: it is shown only when the stack fails to start or a test fails.
 */
const root = resolve(import.meta.dirname, "../..");
let child: ChildProcess | undefined;
let testProject: TestProject | undefined;
let stopFailingOrigin: (() => Promise<void>) | undefined;
let stopWebhookReceiver: (() => Promise<void>) | undefined;
const output: string[] = [];

function stackOutput(): string {
  return `--- regional test stack output (last 200 lines) ---\n${output.slice(-200).join("\n")}`;
}

export async function setup(project: TestProject): Promise<void> {
  testProject = project;
  stopFailingOrigin = await startFailingOrigin(TEST_STACK_PORTS.failingCatalog);
  stopWebhookReceiver = await startWebhookReceiver(TEST_STACK_PORTS.webhookReceiver);
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
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = proc;
  if (proc.stderr) createInterface({ input: proc.stderr }).on("line", (line) => output.push(line));
  await new Promise<void>((ready, fail) => {
    const lines = createInterface({ input: proc.stdout ?? process.stdin });
    lines.on("line", (line) => {
      if (line.startsWith("READY ")) ready();
      else output.push(line);
    });
    proc.once("exit", (code) => fail(new Error(`the regional test stack exited early (code ${code})\n${stackOutput()}`)));
  });
}

export async function teardown(): Promise<void> {
  // The services' warnings and errors (LOG_LEVEL=warn) may explain a failure; otherwise they are noise.
  const state = testProject?.vitest.state;
  if (state && (state.getCountOfFailedTests() > 0 || state.getFailedFilepaths().length > 0) && output.length > 0) {
    console.error(stackOutput());
  }
  await stopFailingOrigin?.();
  await stopWebhookReceiver?.();
  const proc = child;
  if (!proc || proc.exitCode !== null) return;
  await new Promise<void>((done) => {
    const kill = setTimeout(() => proc.kill("SIGKILL"), 15_000);
    proc.once("exit", () => {
      clearTimeout(kill);
      done();
    });
    proc.kill("SIGTERM");
  });
}
