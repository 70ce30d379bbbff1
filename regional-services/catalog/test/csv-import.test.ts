import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportProblem, ImportResult, MerchantProduct } from "../../../contracts/catalog/merchant-api.ts";
import { parseCsv, serializeCsv } from "../../../domain/csv.ts";
import { CSV_COLUMNS } from "../product-csv.ts";
import { leafCategorySlug, openFixture, type CatalogFixture } from "./fixture.ts";

/**
 * The CSV import and export: upserts by slug and SKU in one transaction, refuses the whole file
 * for any bad row with every problem by line and column, and takes back what it exported unchanged.
 */
let f: CatalogFixture;
let leaf: string;
beforeAll(async () => {
  f = await openFixture({ products: 30 });
  leaf = leafCategorySlug(f.catalog);
});
afterAll(() => f.close());

const version = async () => ((await (await f.get("/catalog/version")).json()) as { version: number }).version;
const exported = async () => {
  const res = await f.merchant("GET", "/merchant/products/export.csv");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
  return res.text();
};
const importCsv = (csv: string) =>
  f.app.request("/merchant/products/import", { method: "POST", headers: { authorization: `Bearer ${f.env.raw.MERCHANT_TOKEN}`, "content-type": "text/csv" }, body: csv });
const problemsOf = async (res: Response) => ((await res.json()) as { error: { code: string; details: { problems: ImportProblem[] } } }).error;

/** A row in CSV_COLUMNS order from the named cells. */
const row = (cells: Record<string, string>) => CSV_COLUMNS.map((c) => cells[c] ?? "");
const teeRows = (slug: string, sku: string) => [
  row({ slug, title: "Import Tee", description: 'Says "hi", twice\nover two lines', category: leaf, image_url: "https://cdn.example.com/t.jpg\n/t2.png", option1_name: "Size", option1_value: "S", sku: `${sku}-S`, price_USD: "1500", price_EUR: "1400", stock: "4" }),
  row({ slug, option1_name: "Size", option1_value: "M", sku: `${sku}-M`, price_USD: "1600", stock: "0", active: "false" }),
];

describe("POST /merchant/products/import", () => {
  it("creates products from rows, one per variant, quoting and all", async () => {
    const res = await importCsv(serializeCsv([[...CSV_COLUMNS], ...teeRows("import-tee", "IMP"), ...teeRows("import-tee-2", "IMP2")]));
    expect(res.status).toBe(200);
    expect((await res.json()) as ImportResult).toEqual({ products: { created: 2, updated: 0, unchanged: 0 }, variants: { created: 4, updated: 0, deactivated: 0 } });
    const { product } = (await (await f.merchant("GET", "/merchant/products/import-tee/definition")).json()) as { product: MerchantProduct };
    expect(product).toMatchObject({ title: "Import Tee", description: 'Says "hi", twice\nover two lines', images: ["https://cdn.example.com/t.jpg", "/t2.png"], options: [{ name: "Size", values: ["S", "M"] }] });
    expect(product.variants.map((v) => [v.sku, v.prices, v.stock, v.active])).toEqual([
      ["IMP-S", { USD: 1500, EUR: 1400 }, 4, true],
      ["IMP-M", { USD: 1600 }, 0, false],
    ]);
  });

  it("refuses the whole file for any bad row, listing every problem by line and column, and changes nothing", async () => {
    const before = await version();
    const rows = [
      [...CSV_COLUMNS],
      ...teeRows("import-fine", "FINE"),
      row({ slug: "import-bad", title: "Bad", category: leaf, image_url: "/b.png", sku: "BAD-1", price_USD: "-5", stock: "1" }),
      row({ slug: "import-bad-2", title: "Bad 2", category: leaf, image_url: "/b.png", sku: "BAD-2", price_USD: "12.50", stock: "x" }),
      row({ slug: "import-taken", title: "Taken", category: leaf, image_url: "/b.png", sku: "IMP-S", price_USD: "100", stock: "1" }),
      row({ slug: "import-nocat", title: "No category", category: "nowhere", image_url: "/b.png", sku: "NOCAT", price_USD: "100", stock: "1" }),
    ];
    const first = await importCsv(serializeCsv(rows.slice(0, 5)));
    expect(first.status).toBe(400);
    const error = await problemsOf(first);
    expect(error.code).toBe("VALIDATION_FAILED");
    // Line 2's record spans three lines (a two-line description and two images), so the rows after it start at line 5.
    expect(error.details.problems).toEqual([
      { line: 6, column: "price_USD", message: "a price must not be negative" },
      { line: 7, column: "price_USD", message: 'a price must be a whole number of minor units (1250 for 12.50), not "12.50"' },
      { line: 7, column: "stock", message: 'stock must be a whole number, not "x"' },
    ]);
    const second = await importCsv(serializeCsv([rows[0] ?? [], ...rows.slice(1, 3), ...rows.slice(5)]));
    expect(second.status).toBe(400);
    expect((await problemsOf(second)).details.problems).toEqual([
      { line: 6, column: "sku", message: "SKU IMP-S belongs to product import-tee" },
      { line: 7, column: "category", message: "no category nowhere" },
    ]);
    expect(await version()).toBe(before);
    expect((await f.merchant("GET", "/merchant/products/import-fine/definition")).status).toBe(404);
  });

  it("reports an unknown currency column, a repeated SKU and a ragged row", async () => {
    const header = [...CSV_COLUMNS, "price_JPY"];
    expect((await problemsOf(await importCsv(serializeCsv([header])))).details.problems).toEqual([{ line: 1, column: "price_JPY", message: "unknown currency JPY; one of USD, EUR, GBP" }]);
    const repeated = serializeCsv([[...CSV_COLUMNS], row({ slug: "rep-a", title: "A", category: leaf, image_url: "/a.png", sku: "REP", price_USD: "1", stock: "1" }), row({ slug: "rep-b", title: "B", category: leaf, image_url: "/a.png", sku: "REP", price_USD: "1", stock: "1" })]);
    expect((await problemsOf(await importCsv(repeated))).details.problems).toEqual([{ line: 3, column: "sku", message: "SKU REP appears more than once" }]);
    const ragged = `${CSV_COLUMNS.join(",")}\r\nshort,row\r\n`;
    expect((await problemsOf(await importCsv(ragged))).details.problems).toMatchObject([{ line: 2, message: `the row has 2 fields; the header has ${CSV_COLUMNS.length}` }]);
    expect((await problemsOf(await importCsv('slug\n"never closed'))).details.problems).toEqual([{ line: 2, column: "column 1", message: "a quoted field is never closed" }]);
  });

  it("refuses a body that is not CSV", async () => {
    const res = await f.merchant("POST", "/merchant/products/import", {});
    expect(res.status).toBe(400);
  });
});

describe("export → import", () => {
  it("takes back what it exported unchanged: no product touched, no event, the same file", async () => {
    const csv = await exported();
    const parsed = parseCsv(csv);
    expect(parsed.ok && parsed.records[0]?.fields).toEqual([...CSV_COLUMNS]);
    const before = await version();
    const res = await importCsv(csv);
    expect(res.status).toBe(200);
    const result = (await res.json()) as ImportResult;
    expect(result.products.created + result.products.updated).toBe(0);
    expect(result.variants).toEqual({ created: 0, updated: 0, deactivated: 0 });
    expect(await version()).toBe(before);
    expect(await exported()).toBe(csv);
  });

  it("applies an edited export: a new price, an archived product", async () => {
    const parsed = parseCsv(await exported());
    if (!parsed.ok) throw new Error("export is not CSV");
    const [header, ...records] = parsed.records.map((r) => r.fields);
    const col = (name: string) => (header ?? []).indexOf(name);
    const target = records.find((r) => r[col("slug")] === "import-tee-2" && r[col("sku")] === "IMP2-S") ?? [];
    target[col("price_USD")] = "1999";
    for (const r of records.filter((r) => r[col("slug")] === "import-tee")) r[col("archived")] = "true";
    const res = await importCsv(serializeCsv([header ?? [], ...records]));
    expect(res.status).toBe(200);
    expect(((await res.json()) as ImportResult).products).toMatchObject({ updated: 2 });
    const { product } = (await (await f.merchant("GET", "/merchant/products/import-tee-2/definition")).json()) as { product: MerchantProduct };
    expect(product.variants[0]?.prices.USD).toBe(1999);
    expect((await f.get("/catalog/products/import-tee")).status).toBe(404);
  });
});
