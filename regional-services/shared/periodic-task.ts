import { log } from "../../platform/log.ts";
import type { BackgroundTask } from "./lifecycle.ts";

/**
 * A job as a service background task: one `pass` every `intervalMs` after the last one ended, so
 * two passes never overlap; a failed pass is logged and the next one runs as usual. Stopping
 * waits for a pass in flight.
 */
export function periodicTask(name: string, service: string, pass: () => Promise<unknown>, intervalMs: number): BackgroundTask {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass()
        .catch((err: unknown) => log("warn", `${name} pass failed`, { service, error: String(err) }))
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, intervalMs);
    // A pending pass must not keep a process alive at shutdown.
    timer.unref();
  };
  return {
    start: schedule,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
