/**
 * A product's options (Size: S, M, L; Colour: Navy, Sand) and the variants they make: every
 * combination, in the order the merchant listed the values, so S/Navy comes before S/Sand and
 * both before M/Navy. A product without options has one variant with no option values.
 */

export interface OptionDef {
  name: string;
  values: readonly string[];
}

export type Combination = Record<string, string>;

/** Every combination of one value per option (the cartesian product). */
export function combinationsOf(options: readonly OptionDef[]): Combination[] {
  return options.reduce<Combination[]>((combos, option) => combos.flatMap((combo) => option.values.map((value) => ({ ...combo, [option.name]: value }))), [{}]);
}

/** "Navy / M": the variant's values in option order, or "Default" for a product without options. */
export function combinationTitle(options: readonly OptionDef[], combination: Combination): string {
  const values = options.map((o) => combination[o.name]).filter((v): v is string => v !== undefined);
  return values.length > 0 ? values.join(" / ") : "Default";
}

/** A SKU made from the slug and the values: `sunset-tee` Navy/M → `SUNSET-TEE-NAVY-M`. */
export function generatedSku(slug: string, options: readonly OptionDef[], combination: Combination): string {
  const parts = [slug, ...options.map((o) => combination[o.name] ?? "")].filter((p) => p !== "");
  return parts
    .join("-")
    .toUpperCase()
    .replace(/[^A-Z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
}

/** One key per combination, the same whatever order its entries were written in. */
export function combinationKey(options: readonly OptionDef[], combination: Combination): string {
  return JSON.stringify(options.map((o) => combination[o.name] ?? null));
}

/**
 * Reads an options text as the admin form takes it, one option per line: "Size: S, M, L".
 * Blank lines are skipped; a line without a colon or without values is reported by its number.
 */
export function parseOptionLines(text: string): { ok: true; options: OptionDef[] } | { ok: false; line: number; message: string } {
  const options: OptionDef[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    if (raw.trim() === "") continue;
    const colon = raw.indexOf(":");
    const name = colon < 0 ? "" : raw.slice(0, colon).trim();
    const values = colon < 0 ? [] : raw.slice(colon + 1).split(",").map((v) => v.trim()).filter((v) => v !== "");
    if (name === "" || values.length === 0) return { ok: false, line: i + 1, message: `line ${i + 1}: write an option as "Name: value, value"` };
    options.push({ name, values });
  }
  return { ok: true, options };
}

/** The options as parseOptionLines reads them back. */
export function formatOptionLines(options: readonly OptionDef[]): string {
  return options.map((o) => `${o.name}: ${o.values.join(", ")}`).join("\n");
}

/** Positions (0-based) of every entry whose key appeared earlier in the list. */
export function repeatedAt<T>(items: readonly T[], key: (item: T) => string): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) repeated.push(i);
    seen.add(k);
  });
  return repeated;
}
