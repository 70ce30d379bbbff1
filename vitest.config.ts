import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/**
 * Two projects: "node" runs the shared domain, platform code and the regional services in Node
 * (against PGlite, the local Postgres and Redis); "workers" runs the edge Worker and the Durable
 * Objects inside workerd, as production does.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: ["domain/**/*.test.ts", "platform/**/*.test.ts", "regional-services/**/*.test.ts", "scripts/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: { ENVIRONMENT: "test" },
            },
          }),
        ],
        test: {
          name: "workers",
          include: ["edge/**/*.test.ts", "edge/**/*.test.tsx", "durable-objects/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
