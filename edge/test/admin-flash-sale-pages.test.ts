import { beforeAll, describe, expect, it } from "vitest";
import { AdminClient, ownerAndMember, staffWithRole } from "./admin-fixtures.ts";
import { a11yProblems } from "./catalog-helpers.ts";
import { stockedVariants, type StockedVariant } from "./checkout-fixtures.ts";
import { reserve } from "./flash-sale-fixtures.ts";

/**
 * The flash-sales page at /admin/flash-sales: a marketer schedules a sale with a form (the API's
 * refusals beside their fields), sees its allocation and the units its StockObjects have reserved
 * and sold, and cancels it; a read-only member sees the list without a form.
 */
const form = (client: AdminClient, path: string, fields: Record<string, string>) => client.fetch(path, { method: "POST", body: new URLSearchParams(fields) });
const fieldError = (html: string, field: string) => new RegExp(`<p class="field-error" id="${field}-error">([^<]+)</p>`).exec(html)?.[1];
/** A time as <input type="datetime-local"> sends it (UTC on these forms), `minutes` from now. */
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString().slice(0, 16);

let owner: AdminClient;
let marketer: AdminClient;
let variant: StockedVariant;
beforeAll(async () => {
  ({ owner, member: marketer } = await ownerAndMember("marketing"));
  const [found] = await stockedVariants(1, 46);
  if (!found) throw new Error("no stocked variant");
  variant = found;
});

const saleRow = (html: string, id: string) => html.slice(html.indexOf(`<td>${id}</td>`)).split("</tr>")[0] ?? "";

describe("the flash-sales page", () => {
  it("names refused fields beside them and schedules nothing", async () => {
    const before = await (await marketer.fetch("/admin/flash-sales")).text();
    const notNumbers = await form(marketer, "/admin/flash-sales", { variantId: variant.id, salePrice_USD: "cheap", allocation: "many", startsAt: inMinutes(60), endsAt: inMinutes(120), perCustomerMax: "1" });
    expect(notNumbers.status).toBe(400);
    const html = await notNumbers.text();
    expect(fieldError(html, "salePrice_USD")).toBe("the sale price in USD must be an amount such as 12.50");
    expect(fieldError(html, "allocation")).toBe("units for the sale must be a whole number");

    const refused = await form(marketer, "/admin/flash-sales", { variantId: "var_no-such-variant", allocation: "10", startsAt: inMinutes(120), endsAt: inMinutes(60), perCustomerMax: "1" });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(a11yProblems(page)).toEqual([]);
    expect(fieldError(page, "salePrice_USD")).toBe("salePrices must name at least one currency");
    expect(fieldError(page, "endsAt")).toBe("endsAt must be after startsAt");
    expect(page).toContain('value="var_no-such-variant"');
    expect((page.match(/<tr>/g) ?? []).length).toBe((before.match(/<tr>/g) ?? []).length);
  });

  it("schedules a sale, shows the units reserved, and cancels it", async () => {
    const created = await form(marketer, "/admin/flash-sales", { variantId: variant.id, salePrice_USD: "1.99", allocation: "5", startsAt: inMinutes(-1), endsAt: inMinutes(60), perCustomerMax: "2", shards: "2" });
    expect(created.status).toBe(303);
    const id = new URL(created.headers.get("location") ?? "", "http://x").searchParams.get("created") ?? "";
    expect(id).toMatch(/^fs_/);
    const listed = await (await marketer.fetch(`/admin/flash-sales?created=${id}`)).text();
    expect(a11yProblems(listed)).toEqual([]);
    expect(listed).toContain(`Flash sale ${id} was scheduled.`);
    expect(saleRow(listed, id)).toContain(`<td>${variant.id}</td><td>$1.99</td><td>5</td><td>0</td><td>0</td><td>2</td>`);
    expect(saleRow(listed, id)).toContain("live");

    // The edge sees a new sale within the catalog version's TTL.
    let reserved = await reserve(id);
    for (const started = Date.now(); reserved.kind === "refused" && Date.now() - started < 5_000; reserved = await reserve(id)) await new Promise((r) => setTimeout(r, 200));
    expect(reserved.kind).toBe("reserved");
    expect(saleRow(await (await marketer.fetch("/admin/flash-sales")).text(), id)).toContain("<td>5</td><td>1</td><td>0</td>");

    const { client: reader } = await staffWithRole(owner, "read-only");
    const readOnly = await (await reader.fetch("/admin/flash-sales")).text();
    expect(saleRow(readOnly, id)).toContain("live");
    expect(readOnly).not.toMatch(/action="\/admin\/flash-sales/);
    expect((await form(reader, `/admin/flash-sales/${id}/cancel`, {})).status).toBe(403);

    expect((await form(marketer, `/admin/flash-sales/${id}/cancel`, {})).status).toBe(303);
    const cancelled = saleRow(await (await marketer.fetch("/admin/flash-sales")).text(), id);
    expect(cancelled).toContain("cancelled");
    expect(cancelled).not.toContain("<form");
  });
});
