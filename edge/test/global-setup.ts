import { existsSync } from "node:fs";
import { SERVICES } from "../../regional-services/shared/env.ts";
import { startStack, type Stack } from "../../scripts/stack.ts";
import { TEST_STACK_PORTS, TEST_REDIS_URL } from "./stack-ports.ts";

/**
 * Runs in Node before the Worker tests: starts the real regional services (throwaway PGlite
 * databases, a small seeded catalog, the Upstash bridge in front of the real Redis) on the ports
 * the Worker's REGIONS binding points at in vitest.config.ts.
 */
let stack: Stack | undefined;

export async function setup(): Promise<void> {
  process.env.LOG_LEVEL ??= "warn";
  const present = SERVICES.filter((name) => existsSync(new URL(`../../regional-services/${name}/service.ts`, import.meta.url)));
  stack = await startStack({
    ports: TEST_STACK_PORTS,
    memory: true,
    seedProducts: 60,
    redisUrl: TEST_REDIS_URL,
    only: present,
  });
}

export async function teardown(): Promise<void> {
  await stack?.close();
}
