/**
 * What changed between two JSON values, leaf by leaf, for the audit log's "before and after":
 * `{ promotion: { status: "active" } }` → `{ promotion: { status: "paused" } }` is one change at
 * `promotion.status`. A list is compared item by item (`codes.2`); an empty object or list, and
 * null, are leaves. Paths in the order they first appear, before's first.
 */
export interface JsonChange {
  path: string;
  /** undefined: the path is not in that side (added or removed). */
  before: unknown;
  after: unknown;
}

function leaves(value: unknown, path: string, into: Map<string, unknown>): Map<string, unknown> {
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : typeof value === "object" && value !== null ? Object.entries(value) : [];
  if (entries.length === 0) into.set(path, value);
  for (const [key, child] of entries) leaves(child, path === "" ? key : `${path}.${key}`, into);
  return into;
}

export function jsonChanges(before: unknown, after: unknown): JsonChange[] {
  const a = before === null || before === undefined ? new Map<string, unknown>() : leaves(before, "", new Map());
  const b = after === null || after === undefined ? new Map<string, unknown>() : leaves(after, "", new Map());
  const changes: JsonChange[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const was = a.get(path);
    const is = b.get(path);
    if (JSON.stringify(was) !== JSON.stringify(is)) changes.push({ path: path === "" ? "(whole value)" : path, before: was, after: is });
  }
  return changes;
}
