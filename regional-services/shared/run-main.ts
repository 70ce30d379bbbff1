import { log } from "../../platform/log.ts";
import { serviceEnv, type ServiceEnv, type ServiceName } from "./env.ts";
import { registerModuleFormatHook } from "./module-format-hook.ts";
import type { RunningService } from "./server.ts";

/** Anything a process entry point starts and must stop before it exits. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * On SIGINT or SIGTERM, closes `running` and exits: 0 once it has closed cleanly, 1 if closing
 * failed. A second signal while closing changes nothing, so an impatient Ctrl-C cannot cut the
 * database's shutdown short.
 */
export function closeOnSignals(label: string, running: Closable): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log("info", `${label} stopping`, { signal });
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log("error", `${label} failed to stop cleanly`, { error: String(err) });
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

/** What a service's service.ts exports for its main.ts. */
export interface ServiceModule {
  start(options: { env: ServiceEnv }): Promise<RunningService>;
}

/**
 * What `regional-services/<name>/main.ts` runs: the service started with the environment of this
 * process, its URL logged, and a clean stop on SIGINT/SIGTERM. The service's module is loaded
 * through `load` (an `import()`), after the module-format hook is in place: loaded statically by
 * main.ts, drizzle-orm would be resolved before any code could register it.
 */
export async function runServiceMain(name: ServiceName, load: () => Promise<ServiceModule>): Promise<RunningService> {
  registerModuleFormatHook();
  const { start } = await load();
  const service = await start({ env: serviceEnv(name) });
  log("info", `${name} service listening`, { url: service.url });
  closeOnSignals(`${name} service`, service);
  return service;
}
