/**
 * Where a flow's time goes: the per-step durations of many requests (from their Server-Timing
 * headers), summarised as mean, p50 and p99 per step, beside the whole request's latency.
 * Failures are tallied by reason, so a run with errors says which.
 */
export class StepTimes {
  private readonly steps = new Map<string, number[]>();
  private readonly failures = new Map<string, number>();

  record(timings: ReadonlyMap<string, number>, totalMs: number): void {
    this.push("(whole checkout, client side)", totalMs);
    for (const [name, ms] of timings) this.push(name, ms);
  }

  fail(reason: string): void {
    this.failures.set(reason, (this.failures.get(reason) ?? 0) + 1);
  }

  private push(name: string, ms: number): void {
    const list = this.steps.get(name) ?? [];
    list.push(ms);
    this.steps.set(name, list);
  }

  rows(): { step: string; n: number; mean: number; p50: number; p99: number }[] {
    return [...this.steps].map(([step, values]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
      return { step, n: values.length, mean: values.reduce((a, b) => a + b, 0) / values.length, p50: at(0.5), p99: at(0.99) };
    });
  }

  failureReasons(): ReadonlyMap<string, number> {
    return this.failures;
  }
}

export function printStepTable(title: string, times: StepTimes): void {
  console.log(`\n${title}`);
  const rows = times.rows();
  const width = Math.max(4, ...rows.map((r) => r.step.length));
  console.log(`${"step".padEnd(width)}  ${"n".padStart(6)}  ${"mean".padStart(7)}  ${"p50".padStart(7)}  ${"p99".padStart(7)}`);
  for (const r of rows) {
    console.log(`${r.step.padEnd(width)}  ${String(r.n).padStart(6)}  ${r.mean.toFixed(1).padStart(7)}  ${r.p50.toFixed(1).padStart(7)}  ${r.p99.toFixed(1).padStart(7)}`);
  }
  for (const [reason, n] of times.failureReasons()) console.log(`failed ×${n}: ${reason}`);
}
