import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUNDLED_ENTRIES, serviceBundles } from "./service-bundles.ts";

const root = resolve(import.meta.dirname, "..");
const outDir = mkdtempSync(join(tmpdir(), "edgeshop-bundles-"));
const manifestPath = join(outDir, "manifest.json");
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

type Manifest = { inputs: [string, number, number][] };
const recorded = (path: string) => (JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest).inputs.find(([p]) => p === path);

describe("the bundles npm run dev starts its Node processes from", () => {
  it("are built once, one per process, and reused while no input changed", async () => {
    const files = await serviceBundles(root, outDir);
    expect(Object.keys(files).sort()).toEqual(Object.keys(BUNDLED_ENTRIES).sort());
    for (const file of Object.values(files)) expect(statSync(file).size).toBeGreaterThan(100_000);
    const built = statSync(manifestPath).mtimeMs;
    expect(await serviceBundles(root, outDir)).toEqual(files);
    expect(statSync(manifestPath).mtimeMs).toBe(built);
  });

  it("are rebuilt when one of their inputs changed since", async () => {
    await serviceBundles(root, outDir);
    const source = "regional-services/catalog/main.ts";
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
    const input = manifest.inputs.find(([path]) => path === source);
    expect(input).toBeDefined();
    // As if the file had been edited after the bundles were built.
    if (input) input[2] -= 1_000;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    await serviceBundles(root, outDir);
    expect(recorded(source)?.[2]).toBe(statSync(resolve(root, source)).mtimeMs);
  });
});
