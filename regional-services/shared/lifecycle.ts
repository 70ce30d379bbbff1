import { migrationsFolder, openDatabase, type DatabaseHandle, type Schema, type ServiceDatabaseOptions } from "./db.ts";
import type { ServiceEnv, ServiceName } from "./env.ts";
import { idleMemoryRelease } from "./idle-memory.ts";
import { listen, type RunningService } from "./server.ts";

/**
 * What every service's `start()` shares: which database it opens, where it says it can be
 * reached, and that its database is closed after everything else and also when starting fails.
 */

/**
 * The database a service opens at start: Postgres (Neon driver) when `env.databaseUrl` is set,
 * else PGlite in memory (`memory`) or in `env.dataDir`; migrated either way.
 */
export function databaseOptions(env: ServiceEnv, memory = false): { url: string | undefined; dataDir: string; migrate: true; poolMax: number } {
  return { url: env.databaseUrl, dataDir: memory ? "memory://" : env.dataDir, migrate: true, poolMax: env.raw.DATABASE_POOL_MAX };
}

/** Where a service listening on `host` is reached: a wildcard listen address is not somewhere to connect to. */
export function serviceUrl(host: string, port: number): string {
  const reachable = host === "0.0.0.0" || host === "::" || host === "" ? "127.0.0.1" : host;
  return `http://${reachable}:${port}`;
}

/**
 * Runs a service on an open database: `run` starts everything else; the service's `close()`
 * stops that first and closes the database last. If `run` fails, the database is closed too.
 */
export async function onDatabase<S extends Schema>(handle: DatabaseHandle<S>, run: (db: DatabaseHandle<S>["db"]) => Promise<RunningService>): Promise<RunningService> {
  let service: RunningService;
  try {
    service = await run(handle.db);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return {
    ...service,
    close: async () => {
      await service.close();
      await handle.close();
    },
  };
}

/** Work a service runs beside its HTTP server: feed consumers, sweepers, webhook deliveries. */
export interface BackgroundTask {
  /** Started once the server listens, with the URL it is reached at. */
  start?(url: string): void;
  stop(): Promise<void>;
}

/**
 * The start-up every service shares once its app is built: listen on `env`'s host and port,
 * start the background tasks (and the idle memory release), and answer a `RunningService` whose
 * `close()` stops the tasks first (in reverse order) and the server last.
 */
export async function serveService(
  name: ServiceName,
  env: ServiceEnv,
  app: { fetch: (req: Request) => Response | Promise<Response> },
  tasks: readonly BackgroundTask[] = [],
): Promise<RunningService> {
  const server = await listen(app, env.port, env.host);
  const url = serviceUrl(env.host, server.port);
  // Every service hands back what a burst left resident once it is idle (idle-memory.ts).
  const all = [...tasks, idleMemoryRelease()];
  for (const task of all) task.start?.(url);
  return {
    name,
    port: server.port,
    url,
    close: async () => {
      for (const task of [...all].reverse()) await task.stop();
      await server.close();
    },
  };
}

/** How a service's db.ts opens its own database: its schema and its drizzle-kit migrations. */
export function serviceDatabase<S extends Schema>(name: ServiceName, schema: S): (options: ServiceDatabaseOptions) => Promise<DatabaseHandle<S>> {
  const folder = migrationsFolder(name);
  return (options) => openDatabase({ schema, migrationsFolder: folder, ...options });
}
