import { asc } from "drizzle-orm";
import type { ImportProblem, ImportResult, MerchantProduct } from "../../contracts/catalog/merchant-api.ts";
import { parseCsv, serializeCsv } from "../../domain/csv.ts";
import { AppError } from "../../platform/errors.ts";
import { loadCategoryIndex } from "./categories.ts";
import type { CatalogDb } from "./db.ts";
import { toMerchantProduct } from "./merchant-products.ts";
import { csvRowsOf, draftsFromCsv } from "./product-csv.ts";
import { saveDrafts } from "./product-store.ts";
import { pricesOf } from "./products.ts";
import { products, variants } from "./schema.ts";

/** The CSV import and export of the whole catalog (format: product-csv.ts). */

/** At most this many problems are listed; a file wrong on every line says enough with these. */
const MAX_PROBLEMS = 500;

function refused(problems: readonly ImportProblem[]): AppError {
  const shown = problems.slice(0, MAX_PROBLEMS);
  const first = shown[0];
  const summary = first ? `line ${first.line}, ${first.column}: ${first.message}` : "the file is not valid";
  return new AppError("VALIDATION_FAILED", `the import was refused, nothing was changed (${problems.length} problem${problems.length === 1 ? "" : "s"}; first: ${summary})`, {
    problems: shown,
    total: problems.length,
  });
}

/**
 * Creates and updates the file's products in one transaction: any problem in any row, found in
 * the file or against the database, refuses the whole file with every problem by line and column.
 */
export async function importProductsCsv(db: CatalogDb, text: string): Promise<ImportResult> {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw refused([{ line: parsed.line, column: `column ${parsed.column}`, message: parsed.message }]);
  const read = draftsFromCsv(parsed.records);
  if (!read.ok) throw refused(read.problems);
  return db.transaction(async (tx) => {
    const saved = await saveDrafts(tx, read.drafts, "upsert");
    if (!saved.ok) throw refused(saved.problems.map(read.locate).sort((a, b) => a.line - b.line));
    return saved.counts;
  });
}

/** Every product with every variant, in slug order, as the admin defines them. */
async function everyProduct(db: CatalogDb): Promise<MerchantProduct[]> {
  const [productRows, variantRows, index] = await Promise.all([
    db.select().from(products).orderBy(asc(products.slug)),
    db.select().from(variants).orderBy(asc(variants.productId), asc(variants.position), asc(variants.id)),
    loadCategoryIndex(db),
  ]);
  const prices = await pricesOf(db, variantRows.map((v) => v.id));
  const byProduct = new Map<string, typeof variantRows>();
  for (const v of variantRows) byProduct.set(v.productId, [...(byProduct.get(v.productId) ?? []), v]);
  return productRows.map((p) => toMerchantProduct(p, byProduct.get(p.id) ?? [], prices, index));
}

/** The whole catalog as CSV, ready to edit and import again. */
export async function exportProductsCsv(db: CatalogDb): Promise<string> {
  return serializeCsv(csvRowsOf(await everyProduct(db)));
}
