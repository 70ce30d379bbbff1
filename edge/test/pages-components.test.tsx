import { describe, expect, it } from "vitest";
import type { ProductSummary } from "../../domain/catalog.ts";
import { Field, FormError } from "../src/ui/components.tsx";
import { Layout } from "../src/ui/layout.tsx";
import { ListingPage } from "../src/catalog/listing.tsx";
import { listQueryFor, toMinorUnits } from "../src/catalog/listing-params.ts";
import { a11yProblems } from "./catalog-helpers.ts";

/** Page pieces rendered on their own, for the cases the seeded catalog cannot produce. */

const product = (n: number): ProductSummary => ({
  id: `prod_${n}`,
  slug: `product-${n}`,
  title: `Product <${n}> & "friends"`,
  categorySlug: "things",
  imageUrl: "data:image/svg+xml,%3Csvg%3E%3C/svg%3E",
  price: { amount: 1999 + n, currency: "USD" },
  stockState: "in_stock",
  createdAt: "2026-01-01T00:00:00.000Z",
});

describe("ListingPage", () => {
  const render = (cursor: string | undefined, nextCursor: string | null) =>
    String(
      <ListingPage
        title="Things"
        heading="Things"
        currency="USD"
        picker={{ current: "USD", action: "/c/things" }}
        crumbs={[{ name: "Home", href: "/" }, { name: "Things" }]}
        path="/c/things"
        params={{ sort: "price_desc", min: "5", cursor }}
        products={[product(1), product(2)]}
        nextCursor={nextCursor}
      />,
    );

  it("links the next page with the cursor and the filters in force", () => {
    const body = render(undefined, "abc_123");
    expect(body).toContain('<a href="/c/things?min=5&amp;sort=price_desc&amp;cursor=abc_123" rel="next">');
    expect(body).not.toContain("First page");
    expect(a11yProblems(body)).toEqual([]);
  });

  it("offers the first page and no next link on the last page", () => {
    const body = render("abc_123", null);
    expect(body).toContain('<a href="/c/things?min=5&amp;sort=price_desc">← First page</a>');
    expect(body).not.toContain('rel="next"');
  });

  it("escapes product titles", () => {
    expect(render(undefined, null)).toContain("Product &lt;1&gt; &amp; &quot;friends&quot;");
  });
});

describe("Layout", () => {
  it("is a complete, accessible page shell other areas can fill", () => {
    const body = String(
      <Layout title="Your cart" session={{ id: "s1" }}>
        <h1>Your cart</h1>
      </Layout>,
    );
    expect(a11yProblems(body)).toEqual([]);
    expect(body).toContain("<title>Your cart · edgeshop</title>");
    expect(body).toContain('<a class="skip-link" href="#main">');
    expect(body).not.toContain('<form class="currency-picker"');
  });
});

describe("listing parameters", () => {
  it("turns typed prices into minor units with integer maths", () => {
    expect(toMinorUnits("12", "USD")).toBe(1200);
    expect(toMinorUnits("12.5", "EUR")).toBe(1250);
    expect(toMinorUnits("0.07", "GBP")).toBe(7);
    expect(toMinorUnits("19.99", "USD")).toBe(1999);
  });

  it("builds the same catalog query the JSON API would", () => {
    expect(listQueryFor({ sort: "price_asc", min: "10", max: "20.5", q: "mug" }, "EUR", "home")).toEqual({
      limit: 24,
      sort: "price_asc",
      currency: "EUR",
      category: "home",
      q: "mug",
      minPrice: 1000,
      maxPrice: 2050,
    });
  });
});

describe("Field", () => {
  it("labels its input and ties the hint and the error to it", () => {
    const html = String(<Field name="country" label="Country code" hint="Two letters" error="country is required" input={{ value: "U<", maxlength: 2, required: true }} />);
    expect(html).toContain('<label for="country">Country code</label>');
    expect(html).toMatch(/<input id="country" name="country" value="U&lt;" maxlength="2" required="" aria-invalid="true" aria-describedby="country-hint country-error"\/?>/);
    expect(html.indexOf('id="country-hint"')).toBeLessThan(html.indexOf("<input"));
    expect(html.indexOf("<input")).toBeLessThan(html.indexOf('<p class="field-error" id="country-error">country is required</p>'));
  });

  it("says nothing more than the label when all is well", () => {
    const html = String(<Field name="email" label="Email" input={{ type: "email" }} />);
    expect(html).toBe('<div class="field"><label for="email">Email</label><input id="email" name="email" type="email"/></div>');
  });
});

describe("FormError", () => {
  it("announces a problem with the whole form, with an optional way out", () => {
    expect(String(<FormError message="Prices changed." id="form-error"><a href="/cart">Review your cart</a></FormError>)).toBe(
      '<p class="form-error" role="alert" id="form-error">Prices changed. <a href="/cart">Review your cart</a></p>',
    );
    expect(String(<FormError message={undefined} />)).toBe("");
  });
});
