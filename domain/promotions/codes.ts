/**
 * Promotion codes as shoppers type them: matched case-insensitively and without surrounding
 * spaces, and a cart carries at most a handful (the limit keeps the engine's work bounded).
 */
export const MAX_PROMOTION_CODES = 5;

/** Codes are matched case-insensitively and without surrounding spaces. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

/** The entered codes as a set: normalised, blanks dropped, sorted, so their order never matters. */
export function codeSet(codes: readonly string[]): string[] {
  const set = new Set<string>();
  for (const c of codes) {
    const n = normalizeCode(c);
    if (n !== "") set.add(n);
  }
  return [...set].sort();
}
