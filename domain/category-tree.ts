/**
 * Categories form a tree: moving a category under one of its own descendants (or itself) would
 * make a loop that no path from a root reaches, so it is refused.
 */

/** True when giving `id` the parent `parentId` would make a cycle; `parentOf` is the tree as it is. */
export function wouldCycle(parentOf: ReadonlyMap<string, string | null>, id: string, parentId: string | null): boolean {
  // The bound stops a walk through data that already loops.
  for (let at = parentId, steps = 0; at !== null && steps <= parentOf.size; at = parentOf.get(at) ?? null, steps++) {
    if (at === id) return true;
  }
  return false;
}
