import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@neondatabase/serverless";
import { prepareNeonDriver } from "../../regional-services/shared/db.ts";

/**
 * A Postgres of the fault run's own: a fresh cluster in a temp folder on its own port, started
 * with the machine's Debian binaries. Restarting it is a fault we inject, and the machine's shared
 * Postgres (other engineers' tests run on it) must never be the one restarted. Postgres refuses
 * to run as root, so when we are root the cluster belongs to the `postgres` user.
 */
export interface PrivatePostgres {
  port: number;
  /** postgres:// URL of `database` on this server. */
  url(database: string): string;
  createDatabases(names: readonly string[]): Promise<void>;
  /** Resolves once it accepts connections again; the event loop (and the load) keeps running meanwhile. */
  restart(): Promise<void>;
  stop(): void;
}

function binDir(): string {
  const versions = execFileSync("ls", ["/usr/lib/postgresql"], { encoding: "utf8" }).split("\n").filter(Boolean).sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error("no Postgres binaries under /usr/lib/postgresql");
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

export function startPrivatePostgres(port: number): PrivatePostgres {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), "edgeshop-faults-pg-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const ids = execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim();
    const gid = execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim();
    chownSync(dir, Number(ids), Number(gid));
  }
  const run = (tool: string, args: string[]) =>
    execFileSync(asRoot ? "runuser" : join(bin, tool), asRoot ? ["-u", "postgres", "--", join(bin, tool), ...args] : args, { stdio: "pipe", encoding: "utf8" });
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const ctl = (...action: string[]) => run("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "-t", "60", ...action]);
  ctl("start");
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    async createDatabases(names) {
      await prepareNeonDriver(url("postgres"));
      const admin = new Client(url("postgres"));
      await admin.connect();
      try {
        for (const name of names) await admin.query(`create database "${name}"`);
      } finally {
        await admin.end();
      }
    },
    // Immediate mode: connections are cut as in a crash or a failover, not drained politely.
    async restart() {
      const args = ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "-t", "60", "restart", "-m", "immediate"];
      await promisify(execFile)(asRoot ? "runuser" : join(bin, "pg_ctl"), asRoot ? ["-u", "postgres", "--", join(bin, "pg_ctl"), ...args] : args);
    },
    stop() {
      try {
        ctl("stop", "-m", "fast");
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
