import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { TEST_STACK_PORTS } from "./edge/test/stack-ports.ts";

const local = (port: number) => `http://127.0.0.1:${port}`;
/** The Worker under test talks to the real regional services started by edge/test/global-setup.ts. */
const TEST_REGIONS = JSON.stringify({
  local: {
    catalog: local(TEST_STACK_PORTS.catalog),
    orders: local(TEST_STACK_PORTS.orders),
    payments: local(TEST_STACK_PORTS.payments),
    customers: local(TEST_STACK_PORTS.customers),
  },
  // The same stack, but a catalog that answers 500 (edge/test/failing-origin.ts).
  failing: {
    catalog: local(TEST_STACK_PORTS.failingCatalog),
    orders: local(TEST_STACK_PORTS.orders),
    payments: local(TEST_STACK_PORTS.payments),
    customers: local(TEST_STACK_PORTS.customers),
  },
});

/**
 * Two projects: "node" runs the shared domain, platform code and the regional services in Node
 * (against PGlite, the local Postgres and Redis); "workers" runs the edge Worker and the Durable
 * Objects inside workerd, as production does.
 */
export default defineConfig({
  test: {
    // Logs of passing tests are noise (the Worker logs the 503s that specs provoke on purpose);
    // a failing test's are shown, and the test stacks print their output only on a failure.
    silent: "passed-only",
    projects: [
      {
        // contracts/storefront/document.test.ts imports the edge app (its pages are Hono JSX).
        oxc: { jsx: { runtime: "automatic", importSource: "hono/jsx" } },
        test: {
          name: "node",
          env: { LOG_LEVEL: "warn" },
          include: ["contracts/**/*.test.ts", "domain/**/*.test.ts", "platform/**/*.test.ts", "regional-services/**/*.test.ts", "scripts/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        // Pages are Hono JSX; vite's transformer must be told, as tsconfig tells tsc.
        oxc: { jsx: { runtime: "automatic", importSource: "hono/jsx" } },
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // LOG_LEVEL: failures, not a line per checkout, in the test output.
              bindings: { ENVIRONMENT: "test", LOG_LEVEL: "warn", REGIONS: TEST_REGIONS, WEBHOOK_RECEIVER_URL: local(TEST_STACK_PORTS.webhookReceiver) },
            },
          }),
        ],
        test: {
          name: "workers",
          globalSetup: ["./edge/test/global-setup.ts"],
          include: ["edge/**/*.test.ts", "edge/**/*.test.tsx", "durable-objects/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
