import { beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../contracts/admin/api.ts";
import type { CartView } from "../../domain/cart-view.ts";
import { AdminClient, ownerAndMember, staffWithRole } from "./admin-fixtures.ts";
import { Shopper } from "./cart-fixtures.ts";
import { a11yProblems } from "./catalog-helpers.ts";
import { addToCart, checkout, checkoutBody, ordersCaughtUp, stockedVariants, type StockedVariant } from "./checkout-fixtures.ts";

/**
 * The promotions pages at /admin/promotions, used as a browser without JavaScript uses them: a
 * marketer creates, edits and switches promotions with forms whose errors (the promotions API's
 * own) show beside their fields, sees uses and budget spent as the orders service counts them,
 * and generates single-use codes; a read-only member sees the same pages without a form.
 */
const form = (client: AdminClient, path: string, fields: Record<string, string>) => client.fetch(path, { method: "POST", body: new URLSearchParams(fields) });
const uniqueCode = () => `PAGE${crypto.randomUUID().replaceAll("-", "").slice(0, 10).toUpperCase()}`;
const fieldError = (html: string, field: string) => new RegExp(`<p class="field-error" id="${field}-error">([^<]+)</p>`).exec(html)?.[1];
const html = async (res: Response) => {
  const text = await res.text();
  expect(a11yProblems(text)).toEqual([]);
  return text;
};

let owner: AdminClient;
let marketer: AdminClient;
let marketerEmail: string;
let variant: StockedVariant;
beforeAll(async () => {
  ({ owner, member: marketer, memberEmail: marketerEmail } = await ownerAndMember("marketing"));
  const [found] = await stockedVariants(1, 44);
  if (!found) throw new Error("no stocked variant");
  variant = found;
});

/** Creates a 20 % code promotion through the form; answers its id and code. */
async function createTwentyPercent(fields: Record<string, string> = {}): Promise<{ id: string; code: string; name: string }> {
  const code = uniqueCode();
  const name = `Page 20 % ${code}`;
  const res = await form(marketer, "/admin/promotions", { name, kind: "percentage_order", percent: "20", activation: "code", codes: code, activeNow: "on", ...fields });
  expect(res.status).toBe(303);
  const id = /^\/admin\/promotions\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")?.[1] ?? "";
  expect(id).not.toBe("");
  return { id, code, name };
}

describe("the promotions pages", () => {
  it("shows a refused field's message beside it and creates nothing", async () => {
    const name = `Refused ${crypto.randomUUID()}`;
    const notANumber = await form(marketer, "/admin/promotions", { name, kind: "percentage_order", percent: "lots", activation: "code", codes: uniqueCode() });
    expect(notANumber.status).toBe(400);
    expect(fieldError(await html(notANumber), "percent")).toContain("percent must be a number");

    // Judged by the promotions API itself, its issues' paths mapped to the form's fields.
    const refused = await form(marketer, "/admin/promotions", {
      name,
      kind: "percentage_order",
      percent: "20",
      activation: "code",
      codes: "X",
      startsAt: "2026-12-24T10:00",
      endsAt: "2026-12-01T10:00",
    });
    expect(refused.status).toBe(400);
    const page = await html(refused);
    expect(fieldError(page, "codes")).toBe("a code is at least 3 characters");
    expect(fieldError(page, "endsAt")).toBe("endsAt must be after startsAt");
    expect(page).toContain(`value="${name}"`);

    const taken = await form(marketer, "/admin/promotions", { name, kind: "free_shipping", activation: "code", codes: "WELCOME10" });
    expect(taken.status).toBe(409);
    expect(fieldError(await taken.text(), "codes")).toContain("WELCOME10");

    expect(await (await marketer.fetch("/admin/promotions")).text()).not.toContain(name);
  });

  it("creates a 20 % code promotion and lists it with no uses yet, recorded in the audit log", async () => {
    const { id, code, name } = await createTwentyPercent({ totalUses: "100", budget_USD: "250" });
    const list = await html(await marketer.fetch("/admin/promotions"));
    const row = list.slice(list.indexOf(name)).split("</tr>")[0] ?? "";
    expect(row).toContain("<td>active</td>");
    expect(row).toContain("<td>20 % off the order</td>");
    expect(row).toContain(`<td>${code}</td>`);
    expect(row).toContain("<td>0 of 100</td>");
    expect(row).toContain("<td>none of $250.00</td>");

    const audit = await owner.fetch(`/admin/api/audit?target=${encodeURIComponent(`/promotions/${id}`)}`);
    const { entries } = await audit.json<{ entries: AuditEntry[] }>();
    expect(entries.map((e) => [e.action, e.actor.name])).toEqual([["post /promotions", marketerEmail]]);
  });

  it("creates the other kinds the form offers, with their limits and customer conditions", async () => {
    // Drafts: an active automatic promotion would change other specs' carts on this stack.
    const made = async (fields: Record<string, string>) => {
      const res = await form(marketer, "/admin/promotions", fields);
      expect(res.status, await res.clone().text().then((t) => /field-error[^>]*>([^<]+)/.exec(t)?.[1] ?? "")).toBe(303);
      return (await owner.fetch(`/admin/api${(res.headers.get("location") ?? "").slice("/admin".length)}`)).json<{ promotion: Record<string, unknown> }>();
    };
    const fixed = await made({ name: "Fixed off", kind: "fixed_order", amountOff_USD: "5", amountOff_EUR: "4.50", activation: "code", codes: `${uniqueCode()}, ${uniqueCode()}`, minSubtotal_USD: "50", usesPerCustomer: "1", signedInOnly: "on" });
    expect(fixed.promotion).toMatchObject({
      target: "order",
      effect: { kind: "fixed_amount", amountOff: { USD: 500, EUR: 450 } },
      conditions: { minSubtotal: { USD: 5000 }, signedInOnly: true },
      limits: { usesPerCustomer: 1 },
    });
    expect(fixed.promotion.codes).toHaveLength(2);
    const shipping = await made({ name: "Ship free", kind: "free_shipping", activation: "automatic", firstOrderOnly: "on", customerTags: "vip" });
    expect(shipping.promotion).toMatchObject({ status: "draft", target: "shipping", effect: { kind: "free_shipping" }, activation: "automatic", codes: [], conditions: { firstOrderOnly: true, customerTags: ["vip"] } });
    const bogo = await made({ name: "Two for one", kind: "buy_x_get_y", buy: "1", get: "1", percent: "100", categorySlugs: "apparel", activation: "automatic" });
    expect(bogo.promotion).toMatchObject({ target: "product", effect: { kind: "buy_x_get_y", buy: 1, get: 1, basisPoints: 10_000 }, conditions: { categorySlugs: ["apparel"] } });

    const missing = await form(marketer, "/admin/promotions", { name: "No amount", kind: "fixed_order", activation: "automatic" });
    expect(missing.status).toBe(400);
    expect(fieldError(await missing.text(), "amountOff_USD")).toBe("give the amount off in at least one currency");
  });

  it("edits a promotion, pauses and activates it from its page", async () => {
    const { id, name } = await createTwentyPercent({ customerTags: "VIP, Trade" });
    const edit = await html(await marketer.fetch(`/admin/promotions/${id}/edit`));
    expect(edit).toContain('value="20"');
    expect(edit).toContain('value="vip, trade"');

    const saved = await form(marketer, `/admin/promotions/${id}`, { name, kind: "percentage_order", percent: "15", activation: "code", codes: "", customerTags: "vip" });
    expect(saved.status).toBe(303);
    const afterEdit = await html(await marketer.fetch(`/admin/promotions/${id}`));
    expect(afterEdit).toContain("15 % off the order");
    expect(afterEdit).toContain("single-use codes only");

    expect((await form(marketer, `/admin/promotions/${id}/pause`, {})).status).toBe(303);
    const paused = await marketer.fetch(`/admin/promotions/${id}`).then((r) => r.text());
    expect(paused).toContain("<dd>paused</dd>");
    expect(paused).toContain(`action="/admin/promotions/${id}/activate"`);
    expect((await form(marketer, `/admin/promotions/${id}/activate`, {})).status).toBe(303);
    expect(await marketer.fetch(`/admin/promotions/${id}`).then((r) => r.text())).toContain("<dd>active</dd>");
  });

  it("generates single-use codes once per form, shown on the page or as a CSV file", async () => {
    const { id } = await createTwentyPercent();
    const bad = await form(marketer, `/admin/promotions/${id}/codes`, { count: "0", prefix: "BF" });
    expect(bad.status).toBe(400);
    expect(fieldError(await bad.text(), "count")).toBeDefined();

    const idempotencyKey = crypto.randomUUID();
    const shown = await form(marketer, `/admin/promotions/${id}/codes`, { count: "3", prefix: "bf", idempotencyKey, format: "page" });
    expect(shown.status).toBe(201);
    const codes = /<pre>([^<]*)<\/pre>/.exec(await html(shown))?.[1]?.split("\n") ?? [];
    expect(codes).toHaveLength(3);
    for (const code of codes) expect(code).toMatch(/^BF-[A-Z0-9]+$/);

    // The same form posted again (a reload) answers the same codes (sorted, on a repeat), here as a file.
    const csv = await form(marketer, `/admin/promotions/${id}/codes`, { count: "3", prefix: "bf", idempotencyKey, format: "csv" });
    expect(csv.status).toBe(201);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toBe(`attachment; filename="${id}-codes.csv"`);
    const [header, ...rows] = (await csv.text()).trimEnd().split("\n");
    expect(header).toBe("code");
    expect(rows.sort()).toEqual([...codes].sort());
  });

  it("refuses a bad address, a form from another site and any change to an archived promotion, changing nothing", async () => {
    expect((await marketer.fetch("/admin/promotions/not%20an%20id!")).status).toBe(400);
    expect((await form(marketer, "/admin/promotions/promo_no-such-thing/pause", {})).status).toBe(404);
    const crossSite = await marketer.fetch("/admin/promotions", { method: "POST", headers: { "sec-fetch-site": "cross-site" }, body: new URLSearchParams({ name: "Forged", kind: "free_shipping", activation: "automatic", activeNow: "on" }) });
    expect(crossSite.status).toBe(403);

    const { id, name } = await createTwentyPercent();
    expect((await form(marketer, `/admin/promotions/${id}/archive`, {})).status).toBe(303);
    const archived = await html(await marketer.fetch(`/admin/promotions/${id}`));
    expect(archived).toContain("<dd>archived</dd>");
    expect(archived).not.toMatch(/action="\/admin\/promotions/);

    const activate = await form(marketer, `/admin/promotions/${id}/activate`, {});
    expect(activate.status).toBe(409);
    const edit = await form(marketer, `/admin/promotions/${id}`, { name: "Renamed", kind: "percentage_order", percent: "30", activation: "code" });
    expect(edit.status).toBe(409);
    expect(await edit.text()).toContain('role="alert"');
    const after = await marketer.fetch(`/admin/promotions/${id}`).then((r) => r.text());
    expect(after).toContain(`<h1>${name}</h1>`);
    expect(after).toContain("20 % off the order");
    expect(after).toContain("<dd>archived</dd>");
  });

  it("shows a read-only member the pages without forms, and refuses their posts with 403", async () => {
    const { id } = await createTwentyPercent();
    const { client: reader } = await staffWithRole(owner, "read-only");
    const list = await html(await reader.fetch("/admin/promotions"));
    expect(list).toContain(`href="/admin/promotions/${id}"`);
    expect(list).not.toContain('href="/admin/promotions/new"');
    const one = await html(await reader.fetch(`/admin/promotions/${id}`));
    expect(one).toContain("<dd>active</dd>");
    expect(one).not.toMatch(/action="\/admin\/promotions/);
    expect((await reader.fetch(`/admin/promotions/${id}/edit`)).status).toBe(403);

    for (const path of ["/admin/promotions", `/admin/promotions/${id}/pause`, `/admin/promotions/${id}/codes`]) {
      const refused = await form(reader, path, { name: "Not mine", kind: "free_shipping", count: "1" });
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain("lacks the permission promotions:write");
    }
    expect(await reader.fetch(`/admin/promotions/${id}`).then((r) => r.text())).toContain("<dd>active</dd>");
  });

  it("shows a checkout's use of the code: uses, budget spent and the order", async () => {
    const { id, code } = await createTwentyPercent();
    await ordersCaughtUp();
    const shopper = new Shopper();
    await addToCart(shopper, variant.id);
    // A new code reaches carts at the edge within the catalog version's TTL (a second or two).
    let cart: CartView | undefined;
    for (const started = Date.now(); !cart && Date.now() - started < 5_000; await new Promise((r) => setTimeout(r, 100))) {
      const applied = await shopper.json("/api/cart/promotions", "POST", { code });
      if (applied.status === 200) cart = (await applied.json<{ cart: CartView }>()).cart;
    }
    if (!cart) throw new Error(`the code ${code} did not reach the cart within 5 s`);
    expect(cart.discountTotal).toBeGreaterThan(0);
    const paid = await checkout(shopper, crypto.randomUUID(), checkoutBody());
    expect(paid.status).toBe(201);
    const { order } = await paid.json<{ order: { id: string; discountTotal: number } }>();
    expect(order.discountTotal).toBe(cart.discountTotal);

    const page = await html(await marketer.fetch(`/admin/promotions/${id}`));
    const spent = `$${(order.discountTotal / 100).toFixed(2)}`;
    expect(page).toMatch(/<dt>Uses<\/dt><dd>1 \(0 awaiting payment; 1 customers\)<\/dd>/);
    expect(page).toContain(`<dd>${spent}</dd>`);
    expect(page).toContain(`<td>${order.id}</td>`);
    const list = await marketer.fetch("/admin/promotions").then((r) => r.text());
    expect(list.slice(list.indexOf(`/admin/promotions/${id}"`)).split("</tr>")[0]).toContain(`<td>1</td><td>${spent}</td>`);
  });
});
