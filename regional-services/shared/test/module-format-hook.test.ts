import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { resolveInsideDrizzle } from "../module-format-hook.ts";

/**
 * The module-format hook answers a relative `.js` import inside drizzle-orm itself, without
 * Node's package.json lookup: the answer must be the one Node would have given, or a service
 * would load a module twice or not at all.
 */
const root = resolve(import.meta.dirname, "../../..");
const drizzleModule = (path: string) => pathToFileURL(resolve(root, "node_modules/drizzle-orm", path)).href;

describe("resolveInsideDrizzle", () => {
  it("answers a relative .js import made by a drizzle-orm module: that path, as an ES module", () => {
    expect(resolveInsideDrizzle("../entity.js", drizzleModule("pg-core/table.js"))).toEqual({ url: drizzleModule("entity.js"), format: "module" });
    expect(resolveInsideDrizzle("./columns/text.js", drizzleModule("pg-core/index.js"))).toEqual({ url: drizzleModule("pg-core/columns/text.js"), format: "module" });
  });

  it("leaves every other import to Node", () => {
    const ours = pathToFileURL(resolve(root, "regional-services/catalog/db.ts")).href;
    expect(resolveInsideDrizzle("./schema.ts", ours)).toBeUndefined();
    expect(resolveInsideDrizzle("../shared/db.js", ours)).toBeUndefined();
    expect(resolveInsideDrizzle("drizzle-orm/pg-core", ours)).toBeUndefined();
    // A bare import, a CommonJS file and a path out of the package, from inside drizzle-orm.
    expect(resolveInsideDrizzle("@neondatabase/serverless", drizzleModule("neon-serverless/session.js"))).toBeUndefined();
    expect(resolveInsideDrizzle("./entity.cjs", drizzleModule("index.js"))).toBeUndefined();
    expect(resolveInsideDrizzle("../../zod/index.js", drizzleModule("pg-core/table.js"))).toBeUndefined();
    expect(resolveInsideDrizzle("./entity.js", undefined)).toBeUndefined();
  });

  it("gives Node's own answer for every drizzle-orm module a service loads", async () => {
    // A fresh process asks both for each import the drizzle entry points of db.ts make, and loads them.
    const script = `
      import { registerHooks } from "node:module";
      import { resolveInsideDrizzle } from ${JSON.stringify(pathToFileURL(resolve(root, "regional-services/shared/module-format-hook.ts")).href)};
      const answered = [];
      const differ = [];
      registerHooks({
        resolve(specifier, context, nextResolve) {
          const node = nextResolve(specifier, context);
          const ours = resolveInsideDrizzle(specifier, context.parentURL);
          if (ours) {
            answered.push(specifier);
            if (ours.url !== node.url || ours.format !== node.format) differ.push({ specifier, parent: context.parentURL, ours, node });
          }
          return node;
        },
      });
      await import("drizzle-orm");
      await import("drizzle-orm/pg-core");
      await import("drizzle-orm/neon-serverless");
      await import("drizzle-orm/neon-serverless/migrator");
      await import("drizzle-orm/pglite");
      console.log(JSON.stringify({ answered: answered.length, differ }));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { cwd: root });
    const report = JSON.parse(stdout) as { answered: number; differ: unknown[] };
    expect(report.differ).toEqual([]);
    expect(report.answered).toBeGreaterThan(100);
  });
});
