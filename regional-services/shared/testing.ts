import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { Client } from "@neondatabase/serverless";
import { prepareNeonDriver } from "./db.ts";

/**
 * Helpers for tests that need the real Postgres (127.0.0.1:5432) or Redis (127.0.0.1:6379).
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
  drop(): Promise<void>;
}

/** A fresh, uniquely named database on the test Postgres, so parallel test files never collide. */
export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  await prepareNeonDriver(TEST_POSTGRES_URL);
  const name = `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`.toLowerCase();
  const admin = new Client(TEST_POSTGRES_URL);
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client(TEST_POSTGRES_URL);
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    },
  };
}

/** A unique key prefix, so tests sharing the one Redis never see each other's keys. */
export function redisTestPrefix(): string {
  return `test:${randomUUID()}:`;
}
