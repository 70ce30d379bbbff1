import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PreparingPool } from "./prepared-statements.ts";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzleNeon } from "drizzle-orm/neon-serverless";
import { migrate as migrateNeon } from "drizzle-orm/neon-serverless/migrator";
import { prepareNeonDriver } from "./neon-driver.ts";
import { log } from "../../platform/log.ts";
import type { ServiceName } from "./env.ts";

// Re-exported: scripts and tests prepare the driver through this module.
export { prepareNeonDriver, stopNeonProxy } from "./neon-driver.ts";

/**
 * One database handle type for both drivers, so service code never knows which one it runs on:
 * PGlite (real Postgres in WASM, in-process, persisted in a folder) by default, or any Postgres
 * through the Neon serverless driver's WebSocket Pool when a connection string is given.
 */
export type Schema = Record<string, unknown>;
export type Database<S extends Schema> = PgDatabase<PgQueryResultHKT, S, ExtractTablesWithRelations<S>>;
export type Transaction<S extends Schema> = PgTransaction<PgQueryResultHKT, S, ExtractTablesWithRelations<S>>;

export interface DatabaseHandle<S extends Schema> {
  db: Database<S>;
  driver: "pglite" | "neon";
  close(): Promise<void>;
}

export interface OpenDatabaseOptions<S extends Schema> {
  schema: S;
  /** Folder of drizzle-kit migrations for this service. */
  migrationsFolder: string;
  /** A postgres:// URL: use the Neon driver. */
  url?: string | undefined;
  /** PGlite data folder when no URL is given; "memory://" for a throwaway database. */
  dataDir: string;
  /** Apply pending migrations on open (the dev runner and tests do; production runs `npm run migrate`). */
  migrate?: boolean;
  /** Most connections the Neon Pool opens (DATABASE_POOL_MAX); 10 when not given. */
  poolMax?: number | undefined;
}

/** What a service's own opener (openOrdersDatabase and its siblings) takes: all but its schema and migrations. */
export type ServiceDatabaseOptions = Pick<OpenDatabaseOptions<Schema>, "url" | "dataDir" | "migrate" | "poolMax">;

/**
 * drizzle-kit's SQL for one service's database: migrations/<service> at the repository root,
 * looked for upwards from this module, which may run bundled from elsewhere (scripts/service-bundles.ts).
 */
export function migrationsFolder(service: ServiceName): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, "migrations", service);
    if (existsSync(join(candidate, "meta", "_journal.json"))) return candidate;
    if (dirname(dir) === dir) throw new Error(`no migrations/${service} folder above ${fileURLToPath(import.meta.url)}`);
  }
}

export async function openDatabase<S extends Schema>(options: OpenDatabaseOptions<S>): Promise<DatabaseHandle<S>> {
  if (options.url) {
    await prepareNeonDriver(options.url);
    // Opening a connection costs a SCRAM handshake, which the driver computes with thousands of
    // WebCrypto calls (~80 ms of CPU): idle connections are kept a minute, not the default 10 s,
    // so a pause between bursts of checkouts does not pay for the whole pool again.
    const pool = new PreparingPool({ connectionString: options.url, max: options.poolMax ?? 10, idleTimeoutMillis: 60_000 });
    // An idle connection the server drops (a restart, a dropped database) must not crash the
    // process; the pool replaces it on next use.
    pool.on("error", (err: Error) => log("warn", "postgres pool client error", { error: String(err) }));
    const db = drizzleNeon({ client: pool, schema: options.schema });
    if (options.migrate) await migrateNeon(db, { migrationsFolder: options.migrationsFolder });
    return { db: db as unknown as Database<S>, driver: "neon", close: () => pool.end() };
  }
  if (!options.dataDir.startsWith("memory://")) mkdirSync(options.dataDir, { recursive: true });
  // Loaded only here: a service on Postgres never pays for PGlite's module (or its WASM).
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  const client = new PGlite(options.dataDir);
  const db = drizzlePglite({ client, schema: options.schema });
  if (options.migrate) await migratePglite(db, { migrationsFolder: options.migrationsFolder });
  return { db: db as unknown as Database<S>, driver: "pglite", close: () => client.close() };
}
