import { Client } from "@neondatabase/serverless";
import { describe, expect, it } from "vitest";
import { createScratchDatabase, postgresAvailable, TEST_POSTGRES_URL } from "../testing.ts";

/**
 * Scratch databases on the test Postgres: dropping one waits for its sessions to end instead of
 * killing them mid-goodbye, and forces the drop only once a bounded wait is over.
 */
const available = await postgresAvailable();

async function exists(name: string): Promise<boolean> {
  const admin = new Client(TEST_POSTGRES_URL);
  await admin.connect();
  try {
    const { rows } = await admin.query<{ n: number }>("select count(*)::int as n from pg_database where datname = $1", [name]);
    return rows[0]?.n === 1;
  } finally {
    await admin.end();
  }
}

/** A session on the scratch database that records whether the server cut it off. */
async function session(url: string): Promise<{ client: Client; errors: unknown[] }> {
  const client = new Client(url);
  const errors: unknown[] = [];
  client.on("error", (err) => errors.push(err));
  await client.connect();
  await client.query("select 1");
  return { client, errors };
}

describe.skipIf(!available)("createScratchDatabase().drop()", () => {
  it("waits for a session that is still saying goodbye, then drops the database", async () => {
    const scratch = await createScratchDatabase("scratch_wait");
    const name = new URL(scratch.url).pathname.slice(1);
    const { client, errors } = await session(scratch.url);
    const ended = new Promise<void>((done) => setTimeout(() => void client.end().then(done, done), 300));
    await scratch.drop({ waitMs: 10_000 });
    expect(errors).toEqual([]);
    expect(await exists(name)).toBe(false);
    await ended;
  });

  it("forces the drop once the bounded wait is over", async () => {
    const scratch = await createScratchDatabase("scratch_force");
    const name = new URL(scratch.url).pathname.slice(1);
    const { client, errors } = await session(scratch.url);
    const cutOff = new Promise<void>((done) => client.once("end", () => done()));
    await scratch.drop({ waitMs: 200 });
    expect(await exists(name)).toBe(false);
    // The server ended the session itself (so there is nothing left to end here).
    await cutOff;
    expect(String(errors[0])).toContain("terminating connection");
  });
});
