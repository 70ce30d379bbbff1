import { appendFileSync, existsSync, readFileSync } from "node:fs";

/**
 * What a benchmark promises, figure by figure. Each bench records its figures with their target
 * and prints its own rows when it ends; under `npm run bench` (bench/all.ts) the rows also go, one
 * JSON line each, to the file named by BENCH_SUMMARY_FILE, and the run-all prints every bench's
 * rows as one table at the end. A figure without a target is printed for context, never judged.
 */
export interface Target {
  /** "≥ 50 %" reads `{ op: ">=", value: 50 }`. */
  op: ">=" | "<=";
  value: number;
}

export interface SummaryRow {
  bench: string;
  figure: string;
  value: number;
  unit: string;
  target?: Target | undefined;
}

export const SUMMARY_FILE_ENV = "BENCH_SUMMARY_FILE";

export function isMet(row: SummaryRow): boolean | undefined {
  if (!row.target) return undefined;
  return row.target.op === ">=" ? row.value >= row.target.value : row.value <= row.target.value;
}

/** The figures of one benchmark run. */
export class BenchSummary {
  readonly rows: SummaryRow[] = [];
  readonly bench: string;

  constructor(bench: string) {
    this.bench = bench;
  }

  /** A figure that must reach `target` (throughput, a share of the ceiling). */
  atLeast(figure: string, value: number, unit: string, target: number): this {
    return this.add(figure, value, unit, { op: ">=", value: target });
  }

  /** A figure that must stay at or below `target` (latency, errors, oversold units). */
  atMost(figure: string, value: number, unit: string, target: number): this {
    return this.add(figure, value, unit, { op: "<=", value: target });
  }

  /** A figure shown for context, with no target. */
  info(figure: string, value: number, unit: string): this {
    return this.add(figure, value, unit, undefined);
  }

  /** Prints this bench's rows and hands them to the run-all, if one is listening. */
  report(): void {
    printSummary(`${this.bench}: figures and targets`, this.rows);
    const file = process.env[SUMMARY_FILE_ENV];
    if (file) appendFileSync(file, this.rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
  }

  private add(figure: string, value: number, unit: string, target: Target | undefined): this {
    this.rows.push({ bench: this.bench, figure, value: Number.isFinite(value) ? value : 0, unit, target });
    return this;
  }
}

/** Integers as they are, small figures with the digits that matter. */
function formatValue(value: number, unit: string): string {
  const digits = Number.isInteger(value) || Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const n = value.toFixed(digits);
  return unit === "%" ? `${n} %` : unit ? `${n} ${unit}` : n;
}

export function summaryLines(rows: readonly SummaryRow[]): string[] {
  const header = ["bench", "figure", "measured", "target", "result"];
  const cells = rows.map((r) => {
    const met = isMet(r);
    return [
      r.bench,
      r.figure,
      formatValue(r.value, r.unit),
      r.target ? `${r.target.op === ">=" ? "≥" : "≤"} ${formatValue(r.target.value, r.unit)}` : "—",
      met === undefined ? "" : met ? "met" : "NOT MET",
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const fmt = (c: string[]) => c.map((x, i) => (i === 2 || i === 3 ? x.padStart(widths[i] ?? 0) : x.padEnd(widths[i] ?? 0))).join("  ").trimEnd();
  return [fmt(header), ...cells.map(fmt)];
}

export function printSummary(title: string, rows: readonly SummaryRow[]): void {
  console.log(`\n${title}`);
  for (const line of summaryLines(rows)) console.log(line);
  const judged = rows.filter((r) => r.target);
  const met = judged.filter((r) => isMet(r)).length;
  console.log(`${met} of ${judged.length} targets met`);
}

/** The rows the benches of one run wrote to `file`. */
export function readSummaryFile(file: string): SummaryRow[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as SummaryRow);
}
