import { watch, readFileSync, type FSWatcher } from "node:fs";
import { resolve } from "node:path";
import { context, type BuildOptions } from "esbuild";
import { cachedBuild, keepBuild } from "./bundle-cache.ts";

/**
 * The edge Worker for `npm run dev`, bundled here and handed to `wrangler dev --no-bundle`:
 * wrangler would bundle it afresh on every start (about a second of CPU while the rest of the stack
 * starts on the same two cores); this bundle is kept between runs and rebuilt only when a source
 * changed (bundle-cache.ts). While the stack runs, an edit rebuilds it and wrangler reloads the
 * Worker, as it does when it bundles itself. The options follow what wrangler uses for workerd:
 * ES modules, the workerd/worker/browser export conditions, `node:*` and `cloudflare:*` left to
 * the runtime (nodejs_compat).
 */
const OUT_DIR = "node_modules/.cache/edgeshop-edge";

/** wrangler.toml's `main`: the one place the Worker's entry is named. */
function workerEntry(root: string): string {
  const main = /^main\s*=\s*"([^"]+)"/m.exec(readFileSync(resolve(root, "wrangler.toml"), "utf8"))?.[1];
  if (!main) throw new Error("wrangler.toml names no main module");
  return main;
}

function options(root: string): BuildOptions {
  return {
    entryPoints: { index: workerEntry(root) },
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    sourcemap: "linked",
    external: ["node:*", "cloudflare:*"],
    logLevel: "warning",
  };
}

/** The Worker's bundle, built or reused: the script to give `wrangler dev`. */
export async function edgeBundle(root: string): Promise<string> {
  await cachedBuild(root, resolve(root, OUT_DIR), options(root));
  return resolve(root, OUT_DIR, "index.js");
}

/** The folders the Worker's sources live in: an edit anywhere there may change the bundle. */
const SOURCE_DIRS = ["edge", "durable-objects", "domain", "contracts", "platform"];

/**
 * Rebuilds the bundle whenever a source changes, writing it only when its contents changed (so
 * wrangler reloads once per real change). A build error is printed and the running Worker kept.
 */
export async function watchEdgeSources(root: string, say: (line: string) => void): Promise<{ close(): Promise<void> }> {
  const outDir = resolve(root, OUT_DIR);
  const opts = options(root);
  const ctx = await context({ ...opts, absWorkingDir: root, outdir: outDir, metafile: true, write: false });
  let timer: NodeJS.Timeout | undefined;
  const rebuild = async () => {
    try {
      const result = await ctx.rebuild();
      if (keepBuild(root, outDir, opts, result)) say("Worker rebuilt; wrangler reloads it");
    } catch {
      // esbuild has printed the error with its location.
      say("Worker build failed; still running the last good build");
    }
  };
  const watchers: FSWatcher[] = SOURCE_DIRS.map((dir) =>
    watch(resolve(root, dir), { recursive: true }, (_event, file) => {
      if (file && /(^|\/)(test|node_modules)\/|\.test\.tsx?$/.test(String(file))) return;
      clearTimeout(timer);
      timer = setTimeout(() => void rebuild(), 100);
    }),
  );
  return {
    async close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      await ctx.dispose();
    },
  };
}
