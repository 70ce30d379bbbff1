import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { idleMemoryRelease, shouldRelease } from "../idle-memory.ts";

/**
 * The idle memory release: a last-resort collection once a process is idle and holds at least
 * `slackMb` more than after the previous one, never while it is busy, and nothing without `gc`.
 */
const limits = { maxUtilization: 0.05, slackMb: 16 };
const idleMemory = pathToFileURL(resolve(import.meta.dirname, "../idle-memory.ts")).href;

describe("shouldRelease", () => {
  it("releases once idle and holding slackMb more than after the last collection", () => {
    expect(shouldRelease({ utilization: 0.01, rssMb: 150, baselineMb: 0 }, limits)).toBe(true);
    expect(shouldRelease({ utilization: 0.05, rssMb: 116, baselineMb: 100 }, limits)).toBe(true);
  });

  it("leaves a busy process alone, however much it holds", () => {
    expect(shouldRelease({ utilization: 0.06, rssMb: 250, baselineMb: 90 }, limits)).toBe(false);
    expect(shouldRelease({ utilization: 1, rssMb: 250, baselineMb: 0 }, limits)).toBe(false);
  });

  it("does not collect again for less than slackMb of growth", () => {
    expect(shouldRelease({ utilization: 0, rssMb: 105, baselineMb: 90 }, limits)).toBe(false);
  });
});

describe("idleMemoryRelease", () => {
  it("does nothing in a process without gc (no --expose-gc)", async () => {
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    const task = idleMemoryRelease({ intervalMs: 10 });
    task.start();
    await new Promise((r) => setTimeout(r, 100));
    await task.stop();
    expect(task.releases()).toBe(0);
  });

  it("gives back what a burst left resident once the process is idle", async () => {
    // A real Node process with --expose-gc: a burst of allocation that leaves 20 MB live in old
    // space and much more freed, then idle. RSS is read before the release and after it.
    const script = `
      const { idleMemoryRelease } = await import(${JSON.stringify(idleMemory)});
      let keep = [];
      for (let round = 0; round < 40; round++) {
        const batch = Array.from({ length: 20000 }, (_, i) => ({ round, i, text: "x".repeat(64) + i }));
        keep.push(batch);
        if (keep.length > 4) keep.shift();
      }
      await new Promise((r) => setTimeout(r, 200));
      const before = process.memoryUsage.rss();
      const task = idleMemoryRelease({ intervalMs: 300 });
      task.start();
      while (task.releases() === 0) await new Promise((r) => setTimeout(r, 100));
      const after = process.memoryUsage.rss();
      const releasesWhileIdle = task.releases();
      await new Promise((r) => setTimeout(r, 1000));
      await task.stop();
      console.log(JSON.stringify({ beforeMb: before / 2 ** 20, afterMb: after / 2 ** 20, releasesWhileIdle, releasesAfterMore: task.releases(), kept: keep.length }));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ["--expose-gc", "--max-semi-space-size=4", "--input-type=module", "-e", script], { timeout: 60_000 });
    const report = JSON.parse(stdout) as { beforeMb: number; afterMb: number; releasesWhileIdle: number; releasesAfterMore: number };
    expect(report.releasesWhileIdle).toBe(1);
    expect(report.beforeMb - report.afterMb).toBeGreaterThan(16);
    // Idle but no longer growing: no further collection.
    expect(report.releasesAfterMore).toBe(1);
  });
});
