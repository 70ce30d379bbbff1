import { spawnSync } from "node:child_process";

/**
 * `npm test`: type-check everything (Node side and Worker side), then run every vitest project.
 * Runs on the project's own Node (≥ 22), which `npm run` puts first on PATH.
 */
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

function run(cmd: string, args: string[]): void {
  console.log(`\n> ${cmd} ${args.join(" ")}`);
  const result = spawnSync(cmd, args, { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// The Worker's Env type is generated from wrangler.toml; a stale copy fails here, not in production.
run("wrangler", ["types", "--check", "--strict-vars=false", "edge/worker-configuration.d.ts"]);
run("tsc", ["-p", "tsconfig.json"]);
run("tsc", ["-p", "tsconfig.worker.json"]);
const extra = process.argv.slice(2);
if (extra.length > 0) {
  run("vitest", ["run", ...extra]);
} else {
  // The browser test starts the whole dev stack; on two cores it runs after the rest, not beside it.
  run("vitest", ["run", "--project", "node", "--project", "workers"]);
  run("vitest", ["run", "--project", "e2e"]);
}
