import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { build, version, type BuildOptions, type BuildResult } from "esbuild";

/**
 * esbuild bundles kept between runs of `npm run dev` and rebuilt only when one of their inputs
 * changed (size or modification time) or the build options did: a restart with nothing edited
 * builds nothing. Each output is written whole, so two stacks starting at once (the end-to-end
 * specs) may both build without one reading half a file.
 */
interface Manifest {
  esbuild: string;
  /** The build options, as JSON: different options, different bundles. */
  options: string;
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

function upToDate(root: string, manifestPath: string, options: string): boolean {
  if (!existsSync(manifestPath)) return false;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
  } catch {
    return false;
  }
  if (manifest.esbuild !== version || manifest.options !== options) return false;
  return manifest.inputs.every(([path, size, mtimeMs]) => {
    const now = stamp(root, path);
    return now !== undefined && now[1] === size && now[2] === mtimeMs;
  });
}

/** A reader sees the old file or the new one, never half of it. Unchanged contents are not rewritten (a watcher would reload). */
export function writeWhole(path: string, contents: string | Uint8Array): boolean {
  const bytes = typeof contents === "string" ? Buffer.from(contents) : contents;
  if (existsSync(path) && Buffer.compare(readFileSync(path), bytes) === 0) return false;
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, path);
  return true;
}

/**
 * Writes a build's outputs (built with `write: false`, `metafile: true`) and the manifest that
 * lets the next run reuse them; answers whether code changed.
 */
export function keepBuild(root: string, outDir: string, options: BuildOptions, result: BuildResult): boolean {
  let changed = false;
  // A source map alone changes when only comments or unused code did: that is no new bundle.
  for (const file of result.outputFiles ?? []) changed = (writeWhole(file.path, file.contents) && !file.path.endsWith(".map")) || changed;
  const inputs = Object.keys(result.metafile?.inputs ?? {})
    .map((path) => stamp(root, relative(root, resolve(root, path))))
    .filter((s): s is [string, number, number] => s !== undefined);
  const manifest: Manifest = { esbuild: version, options: JSON.stringify(options), inputs };
  writeWhole(resolve(outDir, "manifest.json"), JSON.stringify(manifest));
  return changed;
}

/** Builds `options` into `outDir` unless the bundles there are still up to date. */
export async function cachedBuild(root: string, outDir: string, options: BuildOptions): Promise<void> {
  if (upToDate(root, resolve(outDir, "manifest.json"), JSON.stringify(options))) return;
  mkdirSync(outDir, { recursive: true });
  const result = await build({ ...options, absWorkingDir: root, outdir: outDir, metafile: true, write: false });
  keepBuild(root, outDir, options, result);
}
