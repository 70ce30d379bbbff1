import { describe, expect, it } from "vitest";
import { backoffDelayMs, DEFAULT_BACKOFF, nextAttemptAt } from "./backoff.ts";

describe("webhook retry schedule", () => {
  const hour = 3_600_000;

  it("doubles from 30 seconds and stays at one hour", () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((n) => backoffDelayMs(DEFAULT_BACKOFF, n));
    expect(waits).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, hour, hour, hour]);
  });

  it("spreads each wait by at most the jitter either way", () => {
    const at = (random: number) => nextAttemptAt(DEFAULT_BACKOFF, 2, 0, 0, random);
    expect(at(0.5)).toBe(60_000);
    expect(at(0)).toBe(48_000);
    expect(at(0.999_999)).toBeLessThanOrEqual(72_000);
    expect(at(0.999_999)).toBeGreaterThan(71_000);
  });

  it("gives up once a retry would fall more than a day after the first attempt", () => {
    const first = 1_000;
    expect(nextAttemptAt(DEFAULT_BACKOFF, 30, first, first + 22 * hour, 0.5)).toBe(first + 23 * hour);
    expect(nextAttemptAt(DEFAULT_BACKOFF, 30, first, first + 23.5 * hour, 0.5)).toBeNull();
  });

  it("retries for about a day in all: some 30 attempts, never more often than the schedule", () => {
    let now = 0;
    let attempts = 1;
    for (let next = nextAttemptAt(DEFAULT_BACKOFF, attempts, 0, now, 0.5); next !== null; next = nextAttemptAt(DEFAULT_BACKOFF, attempts, 0, now, 0.5)) {
      expect(next - now).toBe(backoffDelayMs(DEFAULT_BACKOFF, attempts));
      now = next;
      attempts++;
    }
    expect(now).toBeLessThanOrEqual(24 * hour);
    expect(now).toBeGreaterThan(23 * hour);
    expect(attempts).toBe(30);
  });
});
