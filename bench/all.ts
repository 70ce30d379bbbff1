import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { printSummary, readSummaryFile, SUMMARY_FILE_ENV, type SummaryRow } from "./lib/summary.ts";

/**
 * `npm run bench`: every benchmark in turn, each in its own process (each starts and stops its
 * own stack, so one's leftovers cannot slow the next), then one table of every figure with its
 * target and whether it was met. A bench that fails is a row of its own, never a silent gap.
 * BENCH_ONLY=catalog,cart runs some of them.
 */
const BENCHES = ["catalog", "cart", "promotion-engine", "promotion-contention", "flash-sale", "spike", "time-to-ready"] as const;

const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
const chosen = only ? BENCHES.filter((b) => only.includes(b)) : [...BENCHES];
const dir = mkdtempSync(join(tmpdir(), "edgeshop-bench-"));
const file = join(dir, "summary.jsonl");

function run(bench: string): Promise<number> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve(import.meta.dirname, `${bench}.ts`)], {
      stdio: "inherit",
      env: { ...process.env, [SUMMARY_FILE_ENV]: file },
    });
    child.on("exit", (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

const failures: SummaryRow[] = [];
for (const bench of chosen) {
  console.log(`\n=== bench: ${bench} ===`);
  const code = await run(bench);
  if (code !== 0) failures.push({ bench, figure: "exit code", value: code, unit: "", target: { op: "<=", value: 0 } });
}

const rows = [...readSummaryFile(file), ...failures];
rmSync(dir, { recursive: true, force: true });
printSummary(`summary of npm run bench (${chosen.join(", ")})`, rows);
if (failures.length > 0) process.exitCode = 1;
