import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * A service's main.ts as the dev runner starts it: its own process, configured by environment
 * alone, logging where it listens, and stopping cleanly on a signal. The customers service stands
 * in for all four: their main.ts are the same one call to runServiceMain.
 */
const root = resolve(import.meta.dirname, "../../..");
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "run-main-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

describe("runServiceMain", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("starts from the environment, logs its URL and exits 0 on %s", async (signal) => {
    const child = spawn(process.execPath, [join(root, "regional-services/customers/main.ts")], {
      cwd: root,
      env: { ...process.env, CUSTOMERS_PORT: "0", HOST: "127.0.0.1", DATA_DIR: join(dataDir, signal), LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines: LogLine[] = [];
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    const listening = new Promise<LogLine>((ready, fail) => {
      createInterface({ input: child.stdout }).on("line", (text) => {
        const line = JSON.parse(text) as LogLine;
        lines.push(line);
        if (line.msg === "customers service listening") ready(line);
      });
      void exited.then((code) => fail(new Error(`customers main.ts exited early (code ${code})`)));
    });
    try {
      const { url } = await listening;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${String(url)}/healthz`)).json()).toEqual({ status: "ok", service: "customers" });
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(lines.find((l) => l.msg === "customers service stopping")).toMatchObject({ signal });
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
