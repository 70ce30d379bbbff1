import { CURRENCIES } from "../domain/money.ts";
import { serializeCsv } from "../domain/csv.ts";
import { exportProductsCsv, importProductsCsv } from "../regional-services/catalog/csv-transfer.ts";
import { openCatalogDatabase } from "../regional-services/catalog/db.ts";
import { CSV_COLUMNS } from "../regional-services/catalog/product-csv.ts";
import { seedCatalog } from "../regional-services/catalog/seed/seed.ts";
import { generateCatalog } from "../regional-services/catalog/seed/generate.ts";
import { createScratchDatabase } from "../regional-services/shared/testing.ts";
import { BenchSummary } from "./lib/summary.ts";

/**
 * `node bench/catalog-import.ts`: the admin's CSV import of BENCH_IMPORT_PRODUCTS (2,000)
 * products of three variants each into a scratch database of the real Postgres
 * (TEST_POSTGRES_URL), through the Neon driver as in production: one transaction, multi-row
 * writes and one `variant.upserted` per variant. Then the same file again (nothing changes) and
 * the export. The promise: 2,000 products import "in seconds" (target: at most 10 s).
 */
const PRODUCTS = Number(process.env.BENCH_IMPORT_PRODUCTS ?? 2000);
const SIZES = ["S", "M", "L"];

const scratch = await createScratchDatabase("bench_import");
const handle = await openCatalogDatabase({ url: scratch.url, dataDir: "", migrate: true });
const summary = new BenchSummary("catalog-import");
try {
  // The seed's category tree, and no products: the file brings them all.
  await seedCatalog(handle.db, { seed: 1, products: 0 });
  const parents = new Set(generateCatalog({ seed: 1, products: 0 }).categories.map((c) => c.parentId));
  const leaves = generateCatalog({ seed: 1, products: 0 }).categories.filter((c) => !parents.has(c.id));
  const column = (name: string) => CSV_COLUMNS.indexOf(name);
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (let p = 0; p < PRODUCTS; p++) {
    for (const size of SIZES) {
      const row = CSV_COLUMNS.map(() => "");
      row[column("slug")] = `bench-product-${p}`;
      row[column("title")] = `Bench Product ${p}`;
      row[column("description")] = `A product made for the import benchmark, number ${p}, with "quotes", commas and\na second line.`;
      row[column("category")] = leaves[p % leaves.length]?.slug ?? "";
      row[column("image_url")] = `https://cdn.example.com/bench/${p}.jpg`;
      row[column("option1_name")] = "Size";
      row[column("option1_value")] = size;
      row[column("sku")] = `BENCH-${p}-${size}`;
      for (const [i, c] of CURRENCIES.entries()) row[column(`price_${c}`)] = String(1000 + p + i * 100);
      row[column("stock")] = String(p % 50);
      rows.push(row);
    }
  }
  const csv = serializeCsv(rows);
  const timed = async <T>(work: () => Promise<T>) => {
    const started = performance.now();
    const result = await work();
    return { result, seconds: (performance.now() - started) / 1000 };
  };
  const first = await timed(() => importProductsCsv(handle.db, csv));
  if (first.result.products.created !== PRODUCTS) throw new Error(`imported ${JSON.stringify(first.result)}`);
  const again = await timed(() => importProductsCsv(handle.db, csv));
  const exported = await timed(() => exportProductsCsv(handle.db));
  console.log(`${PRODUCTS} products, ${PRODUCTS * SIZES.length} variants, ${(csv.length / 1024).toFixed(0)} KB of CSV`);
  summary
    .atMost(`import ${PRODUCTS} products (${PRODUCTS * SIZES.length} variants)`, Number(first.seconds.toFixed(2)), "s", 10)
    .info("the same file again (nothing changes)", Number(again.seconds.toFixed(2)), "s")
    .info("export of everything", Number(exported.seconds.toFixed(2)), "s");
  summary.report();
} finally {
  await handle.close();
  await scratch.drop();
}
// The local WebSocket-to-TCP proxy the Neon driver uses stays open for the process's lifetime.
process.exit(0);
