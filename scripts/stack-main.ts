import { startStack } from "./stack.ts";
import { SERVICES, type ServiceName } from "../regional-services/shared/env.ts";

/**
 * Runs `startStack` as its own Node process, configured by environment: the Worker tests' global
 * setup uses it so the services run on plain Node module resolution, not the test runner's
 * Worker-flavoured one. Prints one line `READY <json urls>` when every service answers.
 */
const base = Number(process.env.STACK_PORT_BASE ?? 19000);
const only = process.env.STACK_ONLY ? (process.env.STACK_ONLY.split(",") as ServiceName[]) : [...SERVICES];
const stack = await startStack({
  ports: { bridge: base, catalog: base + 1, orders: base + 2, payments: base + 3, customers: base + 4 },
  memory: process.env.STACK_MEMORY !== "false",
  seedProducts: Number(process.env.STACK_SEED_PRODUCTS ?? 60),
  redisUrl: process.env.STACK_REDIS_URL || undefined,
  only,
});
console.log(`READY ${JSON.stringify(stack.urls)}`);

let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await stack.close();
  process.exit(0);
};
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
