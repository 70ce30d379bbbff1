import { afterEach, describe, expect, it } from "vitest";
import { backoffDelay, supervise, type Supervised } from "./supervisor.ts";

/**
 * The dev runner's supervisor against real child processes: a tiny Node script that stays up
 * until it is killed, killed with SIGKILL as a crashing service would be.
 */
const STAY_UP = ["-e", "console.log('up ' + process.pid); setInterval(() => {}, 1000);"];
const FAST = { initialDelayMs: 200, maxDelayMs: 800, resetAfterMs: 60_000 };

let running: Supervised | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

function start(options: Partial<typeof FAST> = {}) {
  const messages: string[] = [];
  const lines: string[] = [];
  const child = supervise(
    { name: "tiny", command: process.execPath, args: STAY_UP, onLine: (line) => lines.push(line) },
    { ...FAST, ...options, log: (name, message) => messages.push(`${name} ${message}`) },
  );
  running = child;
  return { child, messages, lines };
}

async function until<T>(probe: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Kills the running child with SIGKILL and measures how long until a new one is running. */
async function killAndTimeRestart(child: Supervised): Promise<{ ms: number; pid: number }> {
  const old = await until(() => child.pid);
  const killed = Date.now();
  process.kill(old, "SIGKILL");
  const pid = await until(() => (child.pid !== undefined && child.pid !== old ? child.pid : undefined));
  return { ms: Date.now() - killed, pid };
}

describe("backoffDelay", () => {
  it("doubles from 0.5 s and stops at 30 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});

describe("supervise", () => {
  it("restarts a child killed with SIGKILL, waiting longer after each crash in a row", async () => {
    const { child, messages, lines } = start();
    const first = await killAndTimeRestart(child);
    expect(first.ms).toBeGreaterThanOrEqual(200);
    const second = await killAndTimeRestart(child);
    expect(second.ms).toBeGreaterThanOrEqual(400);
    expect(messages).toEqual(["tiny exited (SIGKILL); restarting in 0.2 s (attempt 2)", "tiny exited (SIGKILL); restarting in 0.4 s (attempt 3)"]);
    expect(child.starts).toBe(3);
    // The new process is really running and its output still reaches the supervisor.
    await until(() => lines.find((l) => l === `up ${second.pid}`));
  });

  it("caps the wait, and starts over once a run has stayed up long enough", async () => {
    const { child, messages } = start({ resetAfterMs: 1_500 });
    for (let i = 0; i < 4; i++) await killAndTimeRestart(child);
    expect(messages.map((m) => m.match(/in ([\d.]+ s)/)?.[1])).toEqual(["0.2 s", "0.4 s", "0.8 s", "0.8 s"]);
    await new Promise((r) => setTimeout(r, 1_600));
    await killAndTimeRestart(child);
    expect(messages.at(-1)).toBe("tiny exited (SIGKILL); restarting in 0.2 s (attempt 6)");
  });

  it("kills what the crashed child left running (wrangler's workerd) before restarting it", async () => {
    const parent = "const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' }); console.log('grandchild ' + c.pid); setInterval(() => {}, 1000);";
    const lines: string[] = [];
    const child = supervise({ name: "parent", command: process.execPath, args: ["-e", parent], onLine: (line) => lines.push(line) }, { ...FAST, log: () => undefined });
    running = child;
    const grandchild = Number((await until(() => lines.find((l) => l.startsWith("grandchild ")))).split(" ")[1]);
    await killAndTimeRestart(child);
    await until(() => {
      try {
        process.kill(grandchild, 0);
        return undefined;
      } catch {
        return true;
      }
    });
  });

  it("stops for good on stop(), also while waiting to restart", async () => {
    const { child } = start({ initialDelayMs: 300 });
    const pid = await until(() => child.pid);
    process.kill(pid, "SIGKILL");
    await until(() => (child.pid === undefined ? true : undefined));
    await child.stop();
    await new Promise((r) => setTimeout(r, 500));
    expect(child.pid).toBeUndefined();
    expect(child.starts).toBe(1);

    const other = start().child;
    const otherPid = await until(() => other.pid);
    await other.stop();
    expect(() => process.kill(otherPid, 0)).toThrow();
    expect(other.pid).toBeUndefined();
  });
});
