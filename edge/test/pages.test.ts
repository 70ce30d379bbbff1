import { env } from "cloudflare:workers";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import type { CategoryNode, ProductDetail } from "../../contracts/catalog/views.ts";
import { formatMoney } from "../../domain/money.ts";
import { a11yProblems, CACHE, edge, edgeJson, demoProducts, getProduct, listProducts } from "./catalog-helpers.ts";

/** The server-rendered catalog pages, against the real catalog service. */

/** How Hono's JSX escapes text, so titles can be looked for in the markup. */
function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

async function page(path: string, init?: RequestInit): Promise<{ res: Response; body: string }> {
  const res = await edge(path, init);
  return { res, body: await res.text() };
}

async function rootCategory(): Promise<CategoryNode> {
  const { categories } = await edgeJson<{ categories: CategoryNode[] }>("/api/categories");
  const root = [...categories].sort((a, b) => b.productCount - a.productCount)[0];
  if (!root || root.productCount < 12) throw new Error("the seed needs a root category with at least 12 products");
  return root;
}

/** A product with at least two variants at different prices, so choosing one visibly matters. */
async function productWithVariants(): Promise<ProductDetail> {
  for (const summary of await demoProducts("limit=30")) {
    const product = await getProduct(summary.slug);
    const prices = new Set(product.variants.filter((v) => v.active).map((v) => v.price.amount));
    if (prices.size >= 2) return product;
  }
  throw new Error("the seed has no product with differently priced variants");
}

const cardPrices = (body: string, symbol: string) =>
  [...body.matchAll(new RegExp(`From \\${symbol}([\\d,]+\\.\\d{2})`, "g"))].map((m) => Number((m[1] ?? "").replace(/,/g, "")));

describe("home page", () => {
  it("renders categories and the newest products in accessible HTML", async () => {
    const { res, body } = await page("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("cache-control")).toBe("private, no-cache");
    expect(res.headers.get(CACHE)).toMatch(/^(hit-memory|hit-cache|miss)$/);
    expect(a11yProblems(body)).toEqual([]);
    const newest = (await listProducts("limit=8&sort=newest")).products;
    for (const p of newest) expect(body).toContain(html(p.title));
    const root = await rootCategory();
    expect(body).toContain(`href="/c/${root.slug}"`);
    expect(body).toContain('href="/cart"');
    expect(body).toContain('href="/account/signin"');
  });

  it("greets a signed-in customer with an account link instead of Sign in", async () => {
    const token = await new SignJWT({ sid: crypto.randomUUID(), cid: "cus_test", name: "Ada Lovelace" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(env.SESSION_SECRET));
    const { body } = await page("/", { headers: { cookie: `edgeshop_session=${token}` } });
    expect(body).toContain('<a href="/account">Ada Lovelace</a>');
    expect(body).not.toContain("/account/signin");
  });
});

describe("category page", () => {
  it("lists the category's products with breadcrumbs and a labelled filter form", async () => {
    const root = await rootCategory();
    const { res, body } = await page(`/c/${root.slug}`);
    expect(res.status).toBe(200);
    expect(a11yProblems(body)).toEqual([]);
    expect(body).toContain(`<h1>${html(root.name)}</h1>`);
    expect(body).toContain('aria-label="Breadcrumb"');
    for (const p of (await listProducts(`category=${root.slug}&limit=24`)).products) expect(body).toContain(html(p.title));
    expect(body).toMatch(/<form class="filters" method="get" action="\/c\/[a-z0-9-]+"/);
  });

  it("continues from a cursor and links back to the first page", async () => {
    const root = await rootCategory();
    const first = await listProducts(`category=${root.slug}&limit=10`);
    const [eleventh] = (await listProducts(`category=${root.slug}&limit=1&cursor=${encodeURIComponent(first.nextCursor ?? "")}`)).products;
    const { res, body } = await page(`/c/${root.slug}?cursor=${encodeURIComponent(first.nextCursor ?? "")}`);
    expect(res.status).toBe(200);
    expect(body).toContain(html(eleventh?.title ?? "missing"));
    expect(body).not.toContain(`href="/p/${first.products[0]?.slug}"`);
    expect(body).toContain(`<a href="/c/${root.slug}">← First page</a>`);
  });

  it("filters by a price range in the chosen currency, sorted, and remembers the currency", async () => {
    const root = await rootCategory();
    const { res, body } = await page(`/c/${root.slug}?min=10&max=40&sort=price_asc&currency=EUR`);
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/currency=EUR/);
    const prices = cardPrices(body, "€");
    expect(prices.length).toBeGreaterThan(0);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    for (const price of prices) expect(price >= 10 && price <= 40).toBe(true);
    expect(body).toContain('<option value="price_asc" selected="">');
    expect(body).toContain('value="10"');
  });

  it("uses the currency remembered in the cookie", async () => {
    const { body } = await page("/", { headers: { cookie: "currency=GBP" } });
    expect(cardPrices(body, "£").length).toBeGreaterThan(0);
    expect(body).not.toContain("From $");
    expect(body).toContain('<option value="GBP" selected="">');
  });

  it("answers bad filters with a 400 page naming the parameter, and an unknown category with a 404 page", async () => {
    const root = await rootCategory();
    const badMin = await page(`/c/${root.slug}?min=cheap`);
    expect(badMin.res.status).toBe(400);
    expect(badMin.res.headers.get("content-type")).toContain("text/html");
    expect(badMin.body).toContain("min must be an amount");
    const badCurrency = await page(`/c/${root.slug}?currency=XYZ`);
    expect(badCurrency.res.status).toBe(400);
    expect(badCurrency.body).toContain("currency must be one of");
    const unknown = await page("/c/no-such-category");
    expect(unknown.res.status).toBe(404);
    expect(a11yProblems(unknown.body)).toEqual([]);
  });
});

describe("search page", () => {
  it("shows products matching the search and keeps the search text in the form", async () => {
    const [first] = await demoProducts("limit=20");
    const word = first?.title.split(" ").find((w) => w.length > 3) ?? "";
    const { res, body } = await page(`/search?q=${encodeURIComponent(word)}`);
    expect(res.status).toBe(200);
    expect(a11yProblems(body)).toEqual([]);
    expect(body).toContain(html(first?.title ?? "missing"));
    expect(body).toContain(`value="${html(word)}"`);
  });

  it("offers a search form before anything is searched for", async () => {
    const { res, body } = await page("/search");
    expect(res.status).toBe(200);
    expect(body).toContain("<h1>Search the shop</h1>");
    expect(body).not.toContain('class="product-grid"');
  });
});

describe("product page", () => {
  it("shows the product, its variants as labelled radio buttons and an add-to-cart form", async () => {
    const product = await productWithVariants();
    const { res, body } = await page(`/p/${product.slug}`);
    expect(res.status).toBe(200);
    expect(a11yProblems(body)).toEqual([]);
    expect(body).toContain(`<h1>${html(product.title)}</h1>`);
    expect(body).toContain(`alt="${html(product.title)}"`);
    for (const v of product.variants.filter((v) => v.active)) expect(body).toContain(`id="variant-${v.id}"`);
    expect(body).toContain('<form class="add-to-cart" method="post" action="/cart/items">');
    const checked = /<input type="radio" name="variant" id="variant-[^"]+" value="([^"]+)" checked=""/.exec(body)?.[1];
    expect(body).toContain(`<input type="hidden" name="variantId" value="${checked}"/>`);
  });

  it("selects the variant named by ?variant= on the server, with its price and stock", async () => {
    const product = await productWithVariants();
    const active = product.variants.filter((v) => v.active);
    const chosen = active[active.length - 1];
    if (!chosen) throw new Error("no variants");
    const { body } = await page(`/p/${product.slug}?variant=${chosen.id}`);
    expect(body).toContain(`id="variant-${chosen.id}" value="${chosen.id}" checked=""`);
    expect(body).toContain(`<input type="hidden" name="variantId" value="${chosen.id}"/>`);
    expect(body).toContain(`<p class="price" id="product-price">${formatMoney(chosen.price.amount, "USD")}</p>`);
    expect(body).toContain(`<p class="stock stock-${chosen.stockState}" id="product-stock">`);
  });

  it("prices the product in the currency picked with ?currency=", async () => {
    const product = await productWithVariants();
    const { body } = await page(`/p/${product.slug}?currency=GBP`);
    const gbp = await getProduct(product.slug, "GBP");
    const prices = gbp.variants.map((v) => formatMoney(v.price.amount, "GBP"));
    expect(prices.some((p) => body.includes(`id="product-price">${p}<`))).toBe(true);
  });

  it("answers an unknown product with a 404 page", async () => {
    const { res, body } = await page("/p/no-such-product-here");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(body).toContain("no-such-product-here");
  });
});
