import { resolve } from "node:path";
import type { BuildOptions } from "esbuild";
import { cachedBuild } from "./bundle-cache.ts";

/**
 * Each Node process of `npm run dev` (the regional services and the Upstash bridge) started from
 * one bundled file instead of its ~400 TypeScript modules. Loading a service module by module costs
 * ~1.0–1.3 s of CPU (resolving, reading and type-stripping every file, drizzle's and zod's hundreds
 * of modules), which Node's compile cache hardly shortens; the same service bundled loads in
 * ~0.2 s. Five such processes start at once on a 2-core machine, so this is most of a restart.
 *
 * The bundles are kept in node_modules/.cache/edgeshop-services (inside the repository, so the few
 * packages left out of them resolve as usual) and rebuilt only when a source changed
 * (bundle-cache.ts). Source maps point stack traces at the TypeScript files (`--enable-source-maps`).
 */
export const BUNDLED_ENTRIES = {
  bridge: "regional-services/upstash-bridge/main.ts",
  catalog: "regional-services/catalog/main.ts",
  orders: "regional-services/orders/main.ts",
  payments: "regional-services/payments/main.ts",
  customers: "regional-services/customers/main.ts",
} as const;

export type BundledProcess = keyof typeof BUNDLED_ENTRIES;

const OPTIONS: BuildOptions = {
  entryPoints: { ...BUNDLED_ENTRIES },
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  sourcemap: "linked",
  logLevel: "warning",
  // PGlite finds its WASM next to its own module; ws's optional native helpers may be absent.
  external: ["@electric-sql/pglite", "bufferutil", "utf-8-validate"],
  // CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __edgeshopCreateRequire } from 'node:module'; const require = __edgeshopCreateRequire(import.meta.url);" },
};

/** The bundle of each process, built or reused; answers the file to run for each. */
export async function serviceBundles(root: string, outDir = resolve(root, "node_modules/.cache/edgeshop-services")): Promise<Record<BundledProcess, string>> {
  await cachedBuild(root, outDir, OPTIONS);
  return Object.fromEntries(Object.keys(BUNDLED_ENTRIES).map((name) => [name, resolve(outDir, `${name}.mjs`)])) as Record<BundledProcess, string>;
}
