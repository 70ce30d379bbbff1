/**
 * zod-to-openapi writes a regex's pattern from `RegExp#toString()` with only the slashes cut, so
 * `/^[^\p{Cc}]*$/u` becomes the pattern `^[^\p{Cc}]*$/u`, which no client can use. JSON Schema
 * patterns are ECMA-262 with Unicode semantics already, so the flags are simply dropped.
 */
const FLAGS_TAIL = /\/[dgimsuvy]+$/;

export function withPatternFlagsDropped<T>(doc: T): T {
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    const record = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (key === "pattern" && typeof value === "string" && FLAGS_TAIL.test(value)) record[key] = value.replace(FLAGS_TAIL, "");
      else walk(value);
    }
  };
  walk(doc);
  return doc;
}
