import { existsSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { Client } from "@neondatabase/serverless";
import { prepareNeonDriver, stopNeonProxy } from "../regional-services/shared/neon-driver.ts";
import { SCRAM_ITERATIONS, startLocalPostgres } from "./local-postgres.ts";

/**
 * The embedded PostgreSQL server as the benchmarks and `npm test` use it: a throwaway cluster in
 * a temp folder. Benchmarks watch its memory through its postmaster's pid, and every run starts
 * one, so stopping it must leave nothing behind in the temp folder.
 */
function dataDirOf(pid: number): string {
  const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  const dir = args[args.indexOf("-D") + 1];
  if (!dir) throw new Error(`no -D in the postmaster's command line: ${args.join(" ")}`);
  return dir;
}

describe("a throwaway local PostgreSQL server", () => {
  it("names its running postmaster, and stop() removes its temp folder", async () => {
    const postgres = await startLocalPostgres({ port: 0, databases: ["scratch"] });
    let tempFolder: string | undefined;
    try {
      const pid = postgres.pid();
      expect(pid).toBeGreaterThan(0);
      tempFolder = dirname(dataDirOf(pid ?? 0));
      expect(existsSync(tempFolder)).toBe(true);
    } finally {
      await postgres.stop();
    }
    expect(postgres.pid()).toBeUndefined();
    expect(existsSync(tempFolder)).toBe(false);
  }, 60_000);
});

describe("the local server's password", () => {
  it("is stored with SCRAM_ITERATIONS rounds, and a wrong password is still refused", async () => {
    const postgres = await startLocalPostgres({ port: 0, databases: ["scratch"] });
    try {
      const url = postgres.url("scratch");
      await prepareNeonDriver(url);
      const client = new Client(url);
      await client.connect();
      try {
        const { rows } = await client.query<{ rolpassword: string }>("select rolpassword from pg_authid where rolname = current_user");
        expect(rows[0]?.rolpassword).toMatch(new RegExp(`^SCRAM-SHA-256\\$${SCRAM_ITERATIONS}:`));
      } finally {
        await client.end();
      }
      const wrong = new Client(url.replace(/:[^:@/]+@/, ":not-the-password@"));
      await expect(wrong.connect()).rejects.toThrow(/password authentication failed/);
      await wrong.end().catch(() => undefined);
    } finally {
      await stopNeonProxy();
      await postgres.stop();
    }
  }, 60_000);
});
