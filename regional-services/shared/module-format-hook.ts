import * as nodeModule from "node:module";

/**
 * Why this exists: for every `.js` module it loads, Node 24 looks up the nearest package.json to
 * learn the module's format, and rebuilds that package.json's contents each time. drizzle-orm's
 * is 179 KB (447 export entries) and a service loads about 200 of its modules, so that alone
 * cost 0.7 s of CPU and tens of MB of garbage in every Node process of the stack at every start,
 * most of loading drizzle-orm, and on two cores the processes of a starting stack wait for CPU.
 *
 * drizzle-orm is one package of ES modules (`"type": "module"`, no nested package.json), so a
 * relative `.js` import from inside it is an ES module at the path it names: that answer needs no
 * package.json. Everything else goes through Node's own resolution unchanged.
 */
const DRIZZLE = "/node_modules/drizzle-orm/";

/** The URL and format of a relative `.js` import made by a drizzle-orm module; undefined for any other import. */
export function resolveInsideDrizzle(specifier: string, parentURL: string | undefined): { url: string; format: "module" } | undefined {
  if (!parentURL?.startsWith("file:") || !parentURL.includes(DRIZZLE)) return undefined;
  if (!(specifier.startsWith("./") || specifier.startsWith("../")) || !specifier.endsWith(".js")) return undefined;
  const url = new URL(specifier, parentURL).href;
  // A path that climbs out of the package is not ours to answer.
  return url.includes(DRIZZLE) ? { url, format: "module" } : undefined;
}

let registered = false;

/**
 * Registers the shortcut for this process (once). It must run before drizzle-orm is imported:
 * an entry point calls it, then loads the rest with `import()` (static imports are all resolved
 * before any of the entry point's code runs). Node older than 22.15 has no
 * synchronous hooks and keeps its own resolution.
 */
export function registerModuleFormatHook(): void {
  if (registered || typeof nodeModule.registerHooks !== "function") return;
  registered = true;
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      const inside = resolveInsideDrizzle(specifier, context.parentURL);
      return inside ? { ...inside, shortCircuit: true } : nextResolve(specifier, context);
    },
  });
}
