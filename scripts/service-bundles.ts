import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { build } from "esbuild";

/**
 * Each Node process of `npm run dev` (the regional services and the Upstash bridge) started from
 * one bundled file instead of its ~400 TypeScript modules. Loading a service module by module costs
 * ~1.0–1.3 s of CPU (resolving, reading and type-stripping every file, drizzle's and zod's hundreds
 * of modules), which Node's compile cache hardly shortens; the same service bundled loads in
 * ~0.2 s. Five such processes start at once on a 2-core machine, so this is most of a restart.
 *
 * The bundles are kept in node_modules/.cache/edgeshop-services (inside the repository, so the few
 * packages left out of them resolve as usual) and rebuilt only when one of their inputs changed
 * (size or modification time), which costs about a second. Source maps point stack traces
 * at the TypeScript files (`--enable-source-maps`).
 */
export const BUNDLED_ENTRIES = {
  bridge: "regional-services/upstash-bridge/main.ts",
  catalog: "regional-services/catalog/main.ts",
  orders: "regional-services/orders/main.ts",
  payments: "regional-services/payments/main.ts",
  customers: "regional-services/customers/main.ts",
} as const;

export type BundledProcess = keyof typeof BUNDLED_ENTRIES;

interface Manifest {
  esbuild: string;
  entries: Record<string, string>;
  /** Every input file with its size and modification time when the bundles were built. */
  inputs: [path: string, size: number, mtimeMs: number][];
}

function stamp(root: string, path: string): [string, number, number] | undefined {
  try {
    const s = statSync(resolve(root, path));
    return [path, s.size, s.mtimeMs];
  } catch {
    return undefined;
  }
}

function upToDate(root: string, manifestPath: string, version: string): boolean {
  if (!existsSync(manifestPath)) return false;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
  } catch {
    return false;
  }
  if (manifest.esbuild !== version || JSON.stringify(manifest.entries) !== JSON.stringify(BUNDLED_ENTRIES)) return false;
  return manifest.inputs.every(([path, size, mtimeMs]) => {
    const now = stamp(root, path);
    return now !== undefined && now[1] === size && now[2] === mtimeMs;
  });
}

/** The bundle of each process, built or reused; answers the file to run for each. */
export async function serviceBundles(root: string, outDir = resolve(root, "node_modules/.cache/edgeshop-services")): Promise<Record<BundledProcess, string>> {
  const files = Object.fromEntries(Object.keys(BUNDLED_ENTRIES).map((name) => [name, resolve(outDir, `${name}.mjs`)])) as Record<BundledProcess, string>;
  const manifestPath = resolve(outDir, "manifest.json");
  const { version } = (await import("esbuild")) as { version: string };
  if (upToDate(root, manifestPath, version)) return files;
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(BUNDLED_ENTRIES)),
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    sourcemap: "linked",
    metafile: true,
    // Written below, each file whole: two stacks starting at once (the end-to-end specs) may both build.
    write: false,
    logLevel: "warning",
    // PGlite finds its WASM next to its own module; ws's optional native helpers may be absent.
    external: ["@electric-sql/pglite", "bufferutil", "utf-8-validate"],
    // CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
    banner: { js: "import { createRequire as __edgeshopCreateRequire } from 'node:module'; const require = __edgeshopCreateRequire(import.meta.url);" },
  });
  for (const file of result.outputFiles) writeWhole(file.path, file.contents);
  const inputs = Object.keys(result.metafile.inputs)
    .map((path) => stamp(root, relative(root, resolve(root, path))))
    .filter((s): s is [string, number, number] => s !== undefined);
  const manifest: Manifest = { esbuild: version, entries: { ...BUNDLED_ENTRIES }, inputs };
  writeWhole(manifestPath, JSON.stringify(manifest));
  return files;
}

/** A reader sees the old file or the new one, never half of it. */
function writeWhole(path: string, contents: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}
