/**
 * An open-loop arrival clock: shopper sessions begin at a set rate whether or not the stack keeps
 * up, as real shoppers do (a slow site does not make fewer people arrive), so offered load is the
 * rate times the work per session and a 3× rate is a 3× offered load. A closed loop (N workers,
 * each starting its next request when the last answered) would instead slow its own arrivals as
 * latency grows and hide the overload it should show.
 *
 * Gaps between arrivals are exponential (a Poisson process: shoppers arrive independently), drawn
 * from a seeded generator so every run offers the same sequence. Arrivals due while the event loop
 * was busy are started at once, late, and the lateness is reported: a generator that lags is
 * offering less than it says.
 */
export interface ArrivalClock {
  /** Changes the rate from now on (the next gap is drawn at the new rate). */
  setRate(perSecond: number): void;
  stop(): void;
}

/** mulberry32: small, fast and deterministic; the same seed gives the same sequence on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Calls `arrive(n, lagMs)` for the n-th arrival (from 0), `lagMs` after it was due. */
export function startArrivals(perSecond: number, random: () => number, arrive: (n: number, lagMs: number) => void): ArrivalClock {
  let rate = perSecond;
  let n = 0;
  let timer: NodeJS.Timeout | undefined;
  const gapMs = () => (-Math.log(1 - random()) / rate) * 1000;
  let due = performance.now() + gapMs();

  const tick = () => {
    const now = performance.now();
    for (; due <= now; due += gapMs()) arrive(n++, now - due);
    timer = setTimeout(tick, Math.max(0, due - performance.now()));
  };
  timer = setTimeout(tick, Math.max(0, due - performance.now()));

  return {
    setRate(perSecond) {
      rate = perSecond;
      clearTimeout(timer);
      due = performance.now() + gapMs();
      timer = setTimeout(tick, Math.max(0, due - performance.now()));
    },
    stop() {
      clearTimeout(timer);
    },
  };
}
