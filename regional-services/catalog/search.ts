import { sql, type SQL } from "drizzle-orm";
import { products } from "./schema.ts";

/** More words than this in one search add nothing but cost. */
const MAX_TERMS = 8;

/**
 * Turns what a shopper typed into a prefix tsquery over the search document: every word must
 * match the start of a word in the title, category, colours or description, so "shi" finds
 * "shirt". Only letters and digits reach the tsquery, so its operators cannot be injected.
 * Returns null when nothing searchable is left (e.g. "!!!").
 */
export function searchCondition(q: string): SQL | null {
  const terms = (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_TERMS);
  if (terms.length === 0) return null;
  const tsquery = terms.map((t) => `${t}:*`).join(" & ");
  return sql`${products.search} @@ to_tsquery('simple', ${tsquery})`;
}
