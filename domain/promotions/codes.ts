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

/** The promotion a reusable code belongs to (generated single-use codes are resolved by the caller). */
export function findPromotion<D extends { codes: readonly string[] }>(code: string, definitions: readonly D[]): D | undefined {
  const wanted = normalizeCode(code);
  return definitions.find((d) => d.codes.some((c) => normalizeCode(c) === wanted));
}
