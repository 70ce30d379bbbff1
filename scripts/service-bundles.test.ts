import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUNDLED_ENTRIES, serviceBundles } from "./service-bundles.ts";

const root = resolve(import.meta.dirname, "..");
const outDir = mkdtempSync(join(tmpdir(), "edgeshop-bundles-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("the bundles npm run dev starts its Node processes from", () => {
  it("are built once, one per process, and reused while no input changed", async () => {
    const files = await serviceBundles(root, outDir);
    expect(Object.keys(files).sort()).toEqual(Object.keys(BUNDLED_ENTRIES).sort());
    const built = statSync(files.orders).mtimeMs;
    const again = await serviceBundles(root, outDir);
    expect(again).toEqual(files);
    expect(statSync(files.orders).mtimeMs).toBe(built);
  });

  it("are rebuilt when one of their inputs changed since", async () => {
    const files = await serviceBundles(root, outDir);
    const before = statSync(files.catalog).mtimeMs;
    const manifestPath = join(outDir, "manifest.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { inputs: [string, number, number][] };
    const input = manifest.inputs.find(([path]) => path === "regional-services/catalog/main.ts");
    expect(input).toBeDefined();
    // As if the file had been edited after the bundles were built.
    if (input) input[2] -= 1_000;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    await new Promise((r) => setTimeout(r, 20));
    await serviceBundles(root, outDir);
    expect(statSync(files.catalog).mtimeMs).toBeGreaterThan(before);
  });
});
