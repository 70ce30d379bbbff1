import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";

/**
 * What every OpenAPI document of ours must satisfy, checked in Node (workerd forbids the code
 * generation a JSON Schema validator relies on): it is valid OpenAPI 3.1, every mounted route is
 * in it, and every example in it validates against the schema it illustrates.
 */

export interface MountedRoute {
  method: string;
  /** Hono's path syntax: `/orders/:id`. */
  path: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type OpenApiDocument = { paths?: Record<string, Record<string, Json>> } & Record<string, Json>;

const METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options"]);

/** `/orders/:id` → `/orders/{id}`. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}");
}

/** The routes an app really answers (Hono's `app.routes`), without middleware entries. */
export function mountedRoutes(routes: readonly { method: string; path: string }[]): MountedRoute[] {
  const seen = new Set<string>();
  const out: MountedRoute[] = [];
  for (const r of routes) {
    const method = r.method.toLowerCase();
    if (!METHODS.has(method) || r.path.includes("*")) continue;
    const key = `${method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ method, path: r.path });
  }
  return out;
}

/** Routes mounted but missing from the document. */
export function undocumentedRoutes(doc: OpenApiDocument, routes: readonly MountedRoute[]): string[] {
  return routes
    .filter((r) => doc.paths?.[openApiPath(r.path)]?.[r.method.toLowerCase()] === undefined)
    .map((r) => `${r.method.toUpperCase()} ${r.path}`);
}

/** Problems the OpenAPI 3.1 meta-schema finds. */
export async function specProblems(doc: OpenApiDocument): Promise<string[]> {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(doc));
  if (validator.version !== "3.1") return [`document is OpenAPI ${validator.version}, not 3.1`];
  if (result.valid) return [];
  const errors = result.errors ?? [];
  return typeof errors === "string" ? [errors] : errors.map((e) => `${e.instancePath} ${e.message ?? ""}`);
}

const escape = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

/**
 * Every `example`/`examples` in a schema, and every media type's example, validated against its
 * schema ($refs resolved inside the document). Answers the number checked and the failures.
 */
export function exampleProblems(doc: OpenApiDocument): { checked: number; problems: string[] } {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(doc as object, "doc");
  const problems: string[] = [];
  let checked = 0;
  const check = (schemaPointer: string, example: Json, where: string) => {
    const validate = ajv.getSchema(`doc#${schemaPointer}`);
    if (!validate) return void problems.push(`${where}: no schema at ${schemaPointer}`);
    checked++;
    if (!validate(example)) problems.push(`${where}: ${ajv.errorsText(validate.errors)}`);
  };
  const walk = (node: Json, pointer: string, inSchema: boolean) => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${pointer}/${i}`, inSchema));
    if (inSchema && "example" in node) check(pointer, node.example as Json, pointer);
    if (inSchema && Array.isArray(node.examples)) node.examples.forEach((ex) => check(pointer, ex, pointer));
    // A media type: { schema, example } or { schema, examples: { name: { value } } }.
    if (!inSchema && "schema" in node) {
      if ("example" in node) check(`${pointer}/schema`, node.example as Json, pointer);
      const named = node.examples;
      if (named && typeof named === "object" && !Array.isArray(named)) {
        for (const [name, ex] of Object.entries(named)) {
          if (ex && typeof ex === "object" && !Array.isArray(ex) && "value" in ex) check(`${pointer}/schema`, ex.value as Json, `${pointer}/examples/${name}`);
        }
      }
    }
    for (const [key, value] of Object.entries(node)) {
      const childInSchema = inSchema || key === "schema" || (pointer === "/components" && key === "schemas");
      walk(value, `${pointer}/${escape(key)}`, childInSchema && !(key === "example" || key === "examples"));
    }
  };
  walk(doc, "", false);
  return { checked, problems };
}
