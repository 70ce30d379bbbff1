import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { context, type BuildOptions, type Plugin } from "esbuild";
import { cachedBuild, keepBuild } from "./bundle-cache.ts";

/**
 * The edge Worker for `npm run dev`, bundled here and handed to `wrangler dev --no-bundle`:
 * wrangler would bundle it afresh on every start (about a second of CPU while the rest of the stack
 * starts on the same two cores); this bundle is kept between runs and rebuilt only when a source
 * changed (bundle-cache.ts). While the stack runs, an edit rebuilds it and wrangler reloads the
 * Worker, as it does when it bundles itself. The options follow what wrangler uses for workerd:
 * ES modules, the workerd/worker/browser export conditions, `node:*` and `cloudflare:*` left to
 * the runtime (nodejs_compat). It lives in the stack's data folder: wrangler does not watch files
 * under node_modules or .wrangler, so a rebuilt bundle kept there would never be reloaded.
 */

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

/** The Worker's bundle in `outDir`, built or reused: the script to give `wrangler dev`. */
export async function edgeBundle(root: string, outDir: string): Promise<string> {
  await cachedBuild(root, outDir, options(root));
  return resolve(outDir, "index.js");
}

/**
 * Rebuilds the bundle whenever one of its sources changes (esbuild's own watcher, which follows
 * exactly the files in the build and survives editors that save by renaming), writing it only when
 * its code changed, so wrangler reloads once per real change. A build error is printed by esbuild
 * and the running Worker kept.
 */
export async function watchEdgeSources(root: string, outDir: string, say: (line: string) => void): Promise<{ close(): Promise<void> }> {
  const opts = options(root);
  const keep: Plugin = {
    name: "edgeshop-keep-bundle",
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length > 0) say("Worker build failed; still running the last good build");
        else if (keepBuild(root, outDir, opts, result)) say("Worker rebuilt; wrangler reloads it");
      });
    },
  };
  const ctx = await context({ ...opts, absWorkingDir: root, outdir: outDir, metafile: true, write: false, plugins: [keep] });
  await ctx.watch();
  return { close: () => ctx.dispose() };
}
