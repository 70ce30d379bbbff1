import { MAX_OPTIONS, productInputSchema, type ImportProblem, type MerchantProduct } from "../../contracts/catalog/merchant-api.ts";
import { CURRENCIES, isCurrency } from "../../domain/money.ts";
import type { CsvRecord } from "../../domain/csv.ts";
import { draftOf, type DraftProblem, type ProductDraft } from "./product-drafts.ts";

/**
 * The catalog's CSV format, one row per variant (the export writes it, the import reads it):
 *
 *   slug, title, description, category, image_url, archived,
 *   option1_name, option1_value, option2_name, option2_value, option3_name, option3_value,
 *   sku, price_USD, price_EUR, price_GBP, stock, active
 *
 * A product's own fields may be repeated on each of its rows or left empty after the first;
 * `image_url` holds its image URLs one per line (a quoted cell); a price is in minor units and an empty
 * one means not sold in that currency; `active` is the variant's, `archived` the product's.
 * Every problem is reported by the line of the file and the column's header.
 */

const PRODUCT_COLUMNS = ["slug", "title", "description", "category", "image_url", "archived"] as const;
const OPTION_COLUMNS = Array.from({ length: MAX_OPTIONS }, (_, i) => [`option${i + 1}_name`, `option${i + 1}_value`]).flat();
const PRICE_COLUMNS = CURRENCIES.map((c) => `price_${c}`);
/** The columns in the order the export writes them. */
export const CSV_COLUMNS: readonly string[] = [...PRODUCT_COLUMNS, ...OPTION_COLUMNS, "sku", ...PRICE_COLUMNS, "stock", "active"];
const REQUIRED = ["slug", "title", "category", "image_url", "sku", "stock"];

/** The header and one row per variant of each product. */
export function csvRowsOf(products: readonly MerchantProduct[]): string[][] {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const p of products) {
    for (const v of p.variants) {
      const options = Array.from({ length: MAX_OPTIONS }, (_, i) => {
        const name = p.options[i]?.name;
        return name === undefined ? ["", ""] : [name, v.options[name] ?? ""];
      }).flat();
      const prices = CURRENCIES.map((c) => (v.prices[c] === undefined ? "" : String(v.prices[c])));
      rows.push([p.slug, p.title, p.description, p.category, p.images.join("\n"), String(!p.active), ...options, v.sku, ...prices, String(v.stock), String(v.active)]);
    }
  }
  return rows;
}

export type CsvDrafts = { ok: true; drafts: ProductDraft[]; locate: (problem: DraftProblem) => ImportProblem } | { ok: false; problems: ImportProblem[] };

interface Row {
  line: number;
  get(column: string): string;
}

const INTEGER = /^-?\d+$/;

/** A number cell: an integer, or a problem naming the column. */
function integerCell(row: Row, column: string, what: string, problems: ImportProblem[]): number | undefined {
  const raw = row.get(column).trim();
  if (raw === "") return undefined;
  if (!INTEGER.test(raw)) {
    problems.push({ line: row.line, column, message: `${what} must be a whole number${what === "a price" ? " of minor units (1250 for 12.50)" : ""}, not "${raw}"` });
    return undefined;
  }
  // Said here, not left to the schema: another cell's problem in the product would keep the schema from running.
  if (Number(raw) < 0) {
    problems.push({ line: row.line, column, message: `${what} must not be negative` });
    return undefined;
  }
  return Number(raw);
}

function booleanCell(row: Row, column: string, fallback: boolean, problems: ImportProblem[]): boolean {
  const raw = row.get(column).trim().toLowerCase();
  if (raw === "") return fallback;
  if (raw === "true" || raw === "false") return raw === "true";
  problems.push({ line: row.line, column, message: `${column} must be true or false, not "${raw}"` });
  return fallback;
}

/** Where a field of a product (as product-drafts.ts and the input schema name it) is in the file. */
function columnOf(field: string, options: readonly string[]): { variant?: number; column: string } {
  const [head, index, part, sub] = field.split(".");
  if (head === "variants" && index !== undefined) {
    const variant = Number(index);
    if (part === "prices") return { variant, column: sub !== undefined && isCurrency(sub) ? `price_${sub}` : (PRICE_COLUMNS[0] ?? "price") };
    if (part === "options") return { variant, column: `option${Math.max(0, options.indexOf(sub ?? "")) + 1}_value` };
    return { variant, column: part === undefined ? "sku" : part };
  }
  if (head === "images") return { column: "image_url" };
  if (head === "options") return { column: `option${Number(index ?? 0) + 1}_${part === "values" ? "value" : "name"}` };
  if (head === "active") return { column: "archived" };
  return { column: head ?? "slug" };
}

/** The header's problems: unknown, repeated and missing columns. */
function headerProblems(header: readonly string[]): ImportProblem[] {
  const problems: ImportProblem[] = [];
  header.forEach((name, i) => {
    if (name.startsWith("price_") && !isCurrency(name.slice(6))) problems.push({ line: 1, column: name, message: `unknown currency ${name.slice(6)}; one of ${CURRENCIES.join(", ")}` });
    else if (!CSV_COLUMNS.includes(name)) problems.push({ line: 1, column: name || `column ${i + 1}`, message: `unknown column; the columns are ${CSV_COLUMNS.join(", ")}` });
    else if (header.indexOf(name) !== i) problems.push({ line: 1, column: name, message: "column appears twice" });
  });
  for (const name of REQUIRED) if (!header.includes(name)) problems.push({ line: 1, column: name, message: "required column is missing" });
  if (!header.some((h) => PRICE_COLUMNS.includes(h))) problems.push({ line: 1, column: PRICE_COLUMNS[0] ?? "price", message: "at least one price column is required" });
  return problems;
}

/**
 * Reads parsed CSV records into product drafts, checked with the API's own schema, or every
 * problem found by line and column. `locate` places a problem found later (a SKU taken in the
 * database) in the file too.
 */
export function draftsFromCsv(records: readonly CsvRecord[]): CsvDrafts {
  const [head, ...body] = records;
  if (!head) return { ok: false, problems: [{ line: 1, column: "slug", message: "the file is empty; the first line must be the header" }] };
  const header = head.fields.map((h) => h.trim());
  const problems = headerProblems(header);
  if (problems.length > 0) return { ok: false, problems };
  if (body.length === 0) return { ok: false, problems: [{ line: 2, column: "slug", message: "the file has no rows after the header" }] };

  const groups = new Map<string, Row[]>();
  for (const record of body) {
    if (record.fields.length !== header.length) {
      problems.push({ line: record.line, column: header[Math.min(record.fields.length, header.length - 1)] ?? "slug", message: `the row has ${record.fields.length} fields; the header has ${header.length}` });
      continue;
    }
    const row: Row = { line: record.line, get: (column) => record.fields[header.indexOf(column)] ?? "" };
    const slug = row.get("slug").trim();
    groups.set(slug, [...(groups.get(slug) ?? []), row]);
  }

  const drafts: ProductDraft[] = [];
  const rowsOf: Row[][] = [];
  const optionsOf: string[][] = [];
  for (const [slug, rows] of groups) {
    const first = rows[0] as Row;
    const before = problems.length;
    // Product fields come from the first row; a later row may repeat them or leave them empty.
    const product = (column: string) => first.get(column);
    for (const row of rows.slice(1)) {
      for (const column of PRODUCT_COLUMNS) {
        const value = row.get(column);
        if (value !== "" && value !== product(column)) problems.push({ line: row.line, column, message: `differs from line ${first.line}, where this product's ${column} is given` });
      }
    }
    const optionNames: string[] = [];
    for (let k = 1; k <= MAX_OPTIONS; k++) {
      const name = first.get(`option${k}_name`).trim();
      if (name !== "") optionNames.push(name);
      for (const row of rows) {
        if (row.get(`option${k}_name`).trim() !== name) problems.push({ line: row.line, column: `option${k}_name`, message: `must be "${name}" as on line ${first.line}` });
      }
    }
    const archived = booleanCell(first, "archived", false, problems);
    const variants = rows.map((row) => {
      const prices: Record<string, number> = {};
      for (const column of PRICE_COLUMNS) {
        const amount = integerCell(row, column, "a price", problems);
        if (amount !== undefined) prices[column.slice(6)] = amount;
      }
      const options: Record<string, string> = {};
      optionNames.forEach((name, k) => (options[name] = row.get(`option${k + 1}_value`).trim()));
      return { sku: row.get("sku"), options, prices, stock: integerCell(row, "stock", "stock", problems) ?? 0, active: booleanCell(row, "active", true, problems) };
    });
    const values = optionNames.map((name) => [...new Set(variants.map((v) => v.options[name] ?? ""))].filter((v) => v !== ""));
    const input = {
      slug,
      title: product("title"),
      description: product("description"),
      category: product("category").trim(),
      images: product("image_url").split(/\r?\n/).map((u) => u.trim()).filter((u) => u !== ""),
      options: optionNames.map((name, k) => ({ name, values: values[k] ?? [] })),
      variants,
      active: !archived,
    };
    // A cell already refused (a price that is not a number) would only be reported again, less clearly.
    if (problems.length > before) continue;
    const parsed = productInputSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const at = columnOf(issue.path.join("."), optionNames);
        problems.push({ line: (at.variant === undefined ? first : (rows[at.variant] ?? first)).line, column: at.column, message: issue.message });
      }
    }
    if (!parsed.success) continue;
    drafts.push(draftOf(parsed.data, parsed.data.slug));
    rowsOf.push(rows);
    optionsOf.push(optionNames);
  }
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  const locate = (p: DraftProblem): ImportProblem => {
    const at = columnOf(p.field, optionsOf[p.product] ?? []);
    const rows = rowsOf[p.product] ?? [];
    return { line: (rows[at.variant ?? 0] ?? rows[0])?.line ?? 1, column: at.column, message: p.message };
  };
  return { ok: true, drafts, locate };
}
