/**
 * Keeps a short idempotency claim alive while its owner works (a heartbeat). A claim lasts only a
 * few seconds, so when its owner dies (crash, deploy, OOM) the claim lapses and a retry takes
 * over within seconds instead of waiting out a long TTL; a live owner renews it every third of
 * the lease, so a slow checkout is never overtaken. A missed renewal is no disaster: the retry
 * that takes over is still held to one order by the database's unique idempotency key.
 */
export interface ClaimLease {
  /** Stops renewing; resolves once any renewal in flight has finished, so none lands after. */
  stop(): Promise<void>;
}

/** Calls `renew` every `leaseMs / 3` until stopped, one call at a time; `renew` must not throw. */
export function keepClaimAlive(renew: () => Promise<unknown>, leaseMs: number): ClaimLease {
  let inFlight: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (inFlight) return;
    inFlight = renew().finally(() => {
      inFlight = undefined;
    });
  }, Math.max(10, Math.floor(leaseMs / 3)));
  // A forgotten lease must not keep a process alive at shutdown.
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
