import { describe, expect, it } from "vitest";
import { storefrontDocument } from "../../contracts/storefront/routes.ts";
import { createStorefrontClient } from "../../contracts/storefront/client.ts";
import { AppError } from "../../platform/errors.ts";
import { Shopper } from "./cart-fixtures.ts";
import { stockedVariants } from "./checkout-fixtures.ts";

/**
 * The storefront API describes itself: /api/openapi.json is exactly the document made from
 * contracts/storefront's declarations (so the mounted routers and the declarations cannot drift;
 * Node checks that document in contracts/storefront/document.test.ts), /api/docs renders it with
 * Swagger UI served from the Worker's own assets, and the typed client drives a shopping session.
 */
describe("the storefront API's document", () => {
  it("is the declarations' document, as mounted", async () => {
    const res = await new Shopper().fetch("/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(storefrontDocument())));
  });

  it("has a reference page whose scripts and styles come from this origin only", async () => {
    const shopper = new Shopper();
    const page = await shopper.fetch("/api/docs");
    expect(page.status).toBe(200);
    const html = await page.text();
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script>|https?:\/\//);
    // The empty data: icon keeps the browser from asking for /favicon.ico.
    const sources = [...html.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? "").filter((s) => !s.startsWith("data:"));
    expect(sources).toEqual(["/api/docs/swagger-ui.css", "/api/docs/swagger-ui-bundle.js", "/api/docs/init.js"]);
    for (const source of sources) {
      const res = await shopper.fetch(source);
      expect(res.status, source).toBe(200);
      expect((await res.text()).length, source).toBeGreaterThan(50);
    }
    const init = await (await shopper.fetch("/api/docs/init.js")).text();
    expect(init).toContain('"/api/openapi.json"');
    // The admin API is documented beside it, and both documents are linked as JSON.
    expect(init).toContain('"/admin/api/openapi.json"');
    expect(html).toContain('<a href="/api/openapi.json">');
    expect(html).toContain('<a href="/admin/api/openapi.json">');
    expect((await shopper.fetch("/admin/api/openapi.json")).status).toBe(200);
    // Only the two files the page needs are served from the package's directory.
    expect((await shopper.fetch("/api/docs/index.html")).status).toBe(404);
    expect((await shopper.fetch("/index.html")).status).toBe(404);
  });
});

describe("the typed storefront client", () => {
  it("lists products, adds one to the cart and reads the cart back", async () => {
    const shopper = new Shopper();
    const api = createStorefrontClient("", (url, init) => shopper.fetch(url, init));
    const page = await api.listProducts({ query: { limit: 5, sort: "newest" } });
    expect(page.products.length).toBeGreaterThan(0);
    const [variant] = await stockedVariants(1, 9);
    if (!variant) throw new Error("the test catalog has no stocked variant");

    const added = await api.addItem({ json: { variantId: variant.id, quantity: 2 } });
    expect(added.cart.itemCount).toBe(2);
    const { cart } = await api.getCart();
    expect(cart.lines.map((l) => [l.variantId, l.quantity])).toEqual([[variant.id, 2]]);
    const total: number = cart.total;
    expect(total).toBeGreaterThan(0);

    // A refusal is the API's error code, thrown.
    await expect(api.addItem({ json: { variantId: variant.id, quantity: 0 } })).rejects.toSatisfy((e) => e instanceof AppError && e.code === "VALIDATION_FAILED");
    if (Math.random() > 2) {
      // Compile-time only: the body's types come from the route declaration.
      // @ts-expect-error quantity is a number in the contract
      await api.addItem({ json: { variantId: variant.id, quantity: "2" } });
      // @ts-expect-error the cart answer has no `items`
      void cart.items;
    }
  });
});
