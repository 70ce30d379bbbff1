import { describe, expect, it } from "vitest";
import type { MerchantProduct } from "../../contracts/catalog/merchant-api.ts";
import { leafCategory } from "./admin-catalog-fixtures.ts";
import { AdminClient, signedInOwner, staffWithRole } from "./admin-fixtures.ts";
import { Shopper } from "./cart-fixtures.ts";
import { a11yProblems, SPEC_MADE_PREFIX } from "./catalog-helpers.ts";

/**
 * The admin's catalog pages as a browser without JavaScript uses them: a new product from option
 * lines, refusals beside their fields with nothing made, the editor with its stock numbers and an
 * adjustment with a reason, archiving, categories, and the CSV import's problems by line and column.
 */
const form = (client: AdminClient, path: string, fields: Record<string, string>) => client.fetch(path, { method: "POST", body: new URLSearchParams(fields) });
const word = `pg${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
/** The products this file makes: spec-prefixed, so storefront specs on the shared stack never pick them (catalog-helpers.ts). */
const pageSlug = `${SPEC_MADE_PREFIX}page-${word}`;
const csvSlug = `${SPEC_MADE_PREFIX}csv-${word}`;

describe("the admin's catalog pages", () => {
  it("creates a product from option lines, after refusing a negative price beside its field", async () => {
    const owner = await signedInOwner();
    const list = await owner.fetch("/admin/catalog");
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(a11yProblems(listHtml)).toEqual([]);
    expect(listHtml).not.toMatch(/<script/);

    const fields = { slug: `${pageSlug}`, title: `Page Tee ${word}`, description: "", category: await leafCategory(), images: "https://cdn.example.com/p.jpg", options: "Size: S, M\nColour: Navy, Sand", "prices.USD": "-100", stock: "3" };
    const bad = await form(owner, "/admin/catalog/new", fields);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("a price must not be negative");
    expect(badHtml).toContain(`value="${pageSlug}"`);
    expect((await owner.fetch(`/admin/catalog/products/${pageSlug}`)).status).toBe(404);

    const made = await form(owner, "/admin/catalog/new", { ...fields, "prices.USD": "2500" });
    expect([made.status, made.headers.get("location")]).toEqual([303, `/admin/catalog/products/${pageSlug}?notice=created`]);
    const edit = await (await owner.fetch(`/admin/catalog/products/${pageSlug}`)).text();
    expect(a11yProblems(edit)).toEqual([]);
    for (const sku of ["PAGE-", "-S-NAVY", "-S-SAND", "-M-NAVY", "-M-SAND"]) expect(edit).toContain(sku);
    expect(edit).toContain("Stock");
  });

  it("adjusts a variant's stock with a reason, refusing one that would go below zero", async () => {
    const owner = await signedInOwner();
    const edit = await (await owner.fetch(`/admin/catalog/products/${pageSlug}`)).text();
    const action = /action="(\/admin\/catalog\/products\/[^"]+\/stock\/[^"]+)"/.exec(edit)?.[1];
    if (!action) throw new Error("no stock form on the editor");
    const key = /name="key" value="([^"]+)"/.exec(edit)?.[1] ?? "";
    // The count arrives at orders through the catalog feed; wait until the form shows it.
    let page = edit;
    for (let i = 0; i < 50 && page.includes("not counted yet"); i++) {
      await new Promise((r) => setTimeout(r, 100));
      page = await (await owner.fetch(`/admin/catalog/products/${pageSlug}`)).text();
    }
    const tooMany = await form(owner, action, { mode: "delta", amount: "-50", reason: "Broken", key });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain("below 0");
    const ok = await form(owner, action, { mode: "delta", amount: "4", reason: "Delivery", key });
    expect(ok.status).toBe(303);
    const again = await form(owner, action, { mode: "delta", amount: "4", reason: "Delivery", key });
    expect(again.status).toBe(303);
    const variantId = action.split("/").at(-1) ?? "";
    const stock = await owner.json("GET", `/admin/api/variants/${variantId}`);
    const body = await stock.json<{ stock: { available: number }; adjustments: { reason: string }[] }>();
    expect(body.stock.available).toBe(7);
    expect(body.adjustments.map((a) => a.reason)).toEqual(["Delivery"]);
  });

  it("saves the editor's form: a new option value and variant row, after refusing a bad price beside its cell", async () => {
    const owner = await signedInOwner();
    const { product } = await (await owner.json("GET", `/admin/api/products/${pageSlug}/definition`)).json<{ product: MerchantProduct }>();
    const fields: Record<string, string> = { title: product.title, description: "", category: product.category, images: product.images.join("\n"), options: "Size: S, M, L\nColour: Navy, Sand" };
    product.variants.forEach((v, i) => {
      Object.assign(fields, { [`variants.${i}.sku`]: v.sku, [`variants.${i}.options`]: `Size=${v.options.Size}; Colour=${v.options.Colour}`, [`variants.${i}.prices.USD`]: String(v.prices.USD), [`variants.${i}.stock`]: String(v.stock), [`variants.${i}.active`]: "true" });
    });
    const n = product.variants.length;
    Object.assign(fields, { [`variants.${n}.sku`]: `PAGE-${word}-L`, [`variants.${n}.options`]: "Size=L; Colour=Navy", [`variants.${n}.prices.USD`]: "-5", [`variants.${n}.stock`]: "2", [`variants.${n}.active`]: "true" });
    const bad = await form(owner, `/admin/catalog/products/${pageSlug}`, fields);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(`variants.${n}.prices.USD: a price must not be negative`);
    const saved = await form(owner, `/admin/catalog/products/${pageSlug}`, { ...fields, [`variants.${n}.prices.USD`]: "2700" });
    expect(saved.status).toBe(303);
    const after = (await (await owner.json("GET", `/admin/api/products/${pageSlug}/definition`)).json<{ product: MerchantProduct }>()).product;
    expect(after.options[0]).toEqual({ name: "Size", values: ["S", "M", "L"] });
    expect(after.variants.at(-1)).toMatchObject({ sku: `PAGE-${word}-L`, title: "L / Navy", prices: { USD: 2700 }, active: true });
  });

  it("archives from the editor, and keeps the write forms from a read-only member", async () => {
    const owner = await signedInOwner();
    const archived = await form(owner, `/admin/catalog/products/${pageSlug}/archive`, {});
    expect(archived.status).toBe(303);
    expect(await (await owner.fetch(`/admin/catalog?q=${pageSlug}&status=archived`)).text()).toContain(`${pageSlug}`);
    const { client: reader } = await staffWithRole(owner, "read-only");
    expect((await reader.fetch(`/admin/catalog/products/${pageSlug}`)).status).toBe(200);
    expect((await reader.fetch("/admin/catalog/new")).status).toBe(403);
    expect((await form(reader, `/admin/catalog/products/${pageSlug}/unarchive`, {})).status).toBe(403);
  });

  it("refuses a category move into its own subtree beside the field", async () => {
    const owner = await signedInOwner();
    expect((await form(owner, "/admin/catalog/categories", { slug: `top-${word}`, name: "Top", parent: "" })).status).toBe(303);
    expect((await form(owner, "/admin/catalog/categories", { slug: `sub-${word}`, name: "Sub", parent: `top-${word}` })).status).toBe(303);
    const cycle = await form(owner, `/admin/catalog/categories/top-${word}`, { name: "Top", parent: `sub-${word}`, position: "0" });
    expect(cycle.status).toBe(400);
    expect(await cycle.text()).toContain("cannot be moved under itself");
  });

  it("imports CSV from the form, listing every problem by line and column and importing nothing", async () => {
    const owner = await signedInOwner();
    const header = (await (await owner.fetch("/admin/catalog/export.csv")).text()).split("\r\n")[0] ?? "";
    expect(header.startsWith("slug,title,description,category,image_url")).toBe(true);
    const columns = header.split(",");
    const row = (cells: Record<string, string>) => columns.map((c) => cells[c] ?? "").join(",");
    const category = await leafCategory();
    const csv = [
      header,
      row({ slug: `${csvSlug}`, title: "Fine", category, image_url: "/f.png", sku: `CSV-${word}-1`, price_USD: "100", stock: "1" }),
      row({ slug: `${csvSlug}-bad`, title: "Bad", category, image_url: "/f.png", sku: `CSV-${word}-2`, price_USD: "-1", price_EUR: "abc", stock: "1" }),
    ].join("\r\n");
    const body = new FormData();
    body.set("csv", csv);
    const res = await owner.fetch("/admin/catalog/import", { method: "POST", body });
    expect(res.status).toBe(400);
    const html = await res.text();
    const problems = [...html.matchAll(/<tr><td>(\d+)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m.slice(1, 4));
    expect(problems).toEqual([
      ["3", "price_USD", "a price must not be negative"],
      ["3", "price_EUR", "a price must be a whole number of minor units (1250 for 12.50), not &quot;abc&quot;"],
    ]);
    expect((await owner.fetch(`/admin/catalog/products/${csvSlug}`)).status).toBe(404);
  });
});
