/**
 * Per-step durations of one request, as a `Server-Timing` header (`name;dur=12.3, ...`): how the
 * checkout benchmark sees where the time goes (edge, cart hold, orders transaction, payments)
 * without a profiler. A step that runs twice adds up. Works in the Worker and in Node alike.
 */
export class Timings {
  private readonly steps = new Map<string, number>();

  /** Runs `work` and adds its duration to `name`, also when it throws. */
  async time<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.add(name, performance.now() - started);
    }
  }

  add(name: string, ms: number): void {
    this.steps.set(name, (this.steps.get(name) ?? 0) + ms);
  }

  /** Another hop's steps (a service's own Server-Timing), under `prefix`. */
  merge(prefix: string, header: string | null): void {
    for (const [name, ms] of parseServerTiming(header)) this.add(`${prefix}${name}`, ms);
  }

  header(): string {
    return [...this.steps].map(([name, ms]) => `${name};dur=${ms.toFixed(1)}`).join(", ");
  }
}

const METRIC = /^([A-Za-z0-9_.-]+)(?:;.*?dur=([0-9.]+))?/;

/** The `name → ms` pairs of a Server-Timing header; entries without a duration are skipped. */
export function parseServerTiming(header: string | null | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of (header ?? "").split(",")) {
    const m = METRIC.exec(part.trim());
    if (m?.[1] && m[2] !== undefined) out.set(m[1], (out.get(m[1]) ?? 0) + Number(m[2]));
  }
  return out;
}
