import { env } from "cloudflare:workers";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { PAGE_HEADER } from "../src/ui/render.tsx";
import { clearPageTemplates, fillTemplate, toTemplate } from "../src/ui/page-template.ts";
import { appFetch, demoProducts, getProduct, listProducts, merchantPatch } from "./catalog-helpers.ts";

/**
 * Catalog pages are rendered once per catalog answer and kept in the isolate (ui/page-template.ts);
 * only the header's account link and a flash sale's banner are made per request. These specs
 * hold the kept pages to what a fresh render would show each shopper.
 */

// Other specs change the catalog meanwhile; a long version TTL keeps a spec on one version.
const STEADY = { CATALOG_VERSION_TTL_MS: "60000" };

async function signedIn(name: string, options: { secret?: string; expiresInSeconds?: number } = {}): Promise<string> {
  const token = await new SignJWT({ sid: crypto.randomUUID(), cid: `cus_${crypto.randomUUID()}`, name, sat: Date.now() })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresInSeconds ?? 3600))
    .sign(new TextEncoder().encode(options.secret ?? env.SESSION_SECRET));
  return `edgeshop_session=${token}`;
}

async function page(path: string, cookie?: string, bindings: Partial<Env> = STEADY): Promise<{ res: Response; body: string }> {
  const res = await appFetch(path, bindings, cookie ? { headers: { cookie } } : undefined);
  return { res, body: await res.text() };
}

const accountLink = (body: string) => /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(body)?.[0] ?? "no site nav";

async function someProductSlug(index: number): Promise<string> {
  const slug = (await demoProducts("limit=40&sort=price_asc"))[index]?.slug;
  if (!slug) throw new Error(`the seed has fewer than ${index + 1} products`);
  return slug;
}

describe("page templates", () => {
  it("split a page at its placeholders and fill each one, leaving an unnamed one empty", () => {
    const template = toTemplate("<header><!--slot:account--></header><main><!--slot:flash-sale--><p>x</p></main>");
    expect(template).toEqual(["<header>", "account", "</header><main>", "flash-sale", "<p>x</p></main>"]);
    expect(fillTemplate(template, { account: "<a>Ada</a>" })).toBe("<header><a>Ada</a></header><main><p>x</p></main>");
  });
});

describe("kept catalog pages", () => {
  it("serve a returning shopper the same page a fresh render gives", async () => {
    const slug = await someProductSlug(3);
    clearPageTemplates();
    const rendered = await page(`/p/${slug}`);
    expect(rendered.res.headers.get(PAGE_HEADER)).toBe("miss");
    const kept = await page(`/p/${slug}`);
    expect(kept.res.headers.get(PAGE_HEADER)).toBe("hit");
    expect(kept.body).toBe(rendered.body);
    expect(kept.res.headers.get("content-security-policy")).toBe(rendered.res.headers.get("content-security-policy"));
  });

  it("never show one shopper's header to another", async () => {
    const slug = await someProductSlug(4);
    const ada = await signedIn("Ada Lovelace");
    const bob = await signedIn('Bob <b>"Tables"</b> & Co');
    const asAda = await page(`/p/${slug}`, ada);
    const asBob = await page(`/p/${slug}`, bob);
    const asGuest = await page(`/p/${slug}`);
    const asAdaAgain = await page(`/p/${slug}`, ada);
    for (const p of [asBob, asGuest, asAdaAgain]) expect(p.res.headers.get(PAGE_HEADER)).toBe("hit");

    expect(accountLink(asAda.body)).toContain('<a href="/account">Ada Lovelace</a>');
    expect(accountLink(asBob.body)).toContain('<a href="/account">Bob &lt;b&gt;&quot;Tables&quot;&lt;/b&gt; &amp; Co</a>');
    expect(accountLink(asGuest.body)).toContain('<a href="/account/signin">Sign in</a>');
    expect(asAdaAgain.body).toBe(asAda.body);
    for (const p of [asBob, asGuest]) expect(p.body).not.toContain("Ada Lovelace");
    for (const p of [asAda, asGuest]) expect(p.body).not.toContain("Tables");
    expect(asGuest.body).not.toContain('href="/account"');
  });

  it("keep one page per currency, variant and message", async () => {
    const product = await getProduct(await someProductSlug(5), "EUR");
    const second = product.variants.filter((v) => v.active)[1];
    const usd = await page(`/p/${product.slug}?currency=USD`);
    const eur = await page(`/p/${product.slug}?currency=EUR`);
    expect(usd.body).toContain('<option value="USD" selected="">');
    expect(eur.body).toContain('<option value="EUR" selected="">');
    expect(eur.body).not.toContain('id="product-price">$');
    if (second) {
      const chosen = await page(`/p/${product.slug}?currency=EUR&variant=${second.id}`);
      expect(chosen.body).toContain(`<input type="hidden" name="variantId" value="${second.id}"/>`);
    }
    const refused = await page(`/p/${product.slug}?currency=EUR&cartError=OUT_OF_STOCK`);
    expect(refused.body).toContain('role="alert"');
    const plain = await page(`/p/${product.slug}?currency=EUR`);
    expect(plain.res.headers.get(PAGE_HEADER)).toBe("hit");
    expect(plain.body).not.toContain('role="alert"');
  });

  it("keep listing pages per filter and cursor", async () => {
    const cheap = await page("/search?q=tee&sort=price_asc");
    const dear = await page("/search?q=tee&sort=price_desc");
    expect(cheap.res.status).toBe(200);
    expect(cheap.body).toContain('<option value="price_asc" selected="">');
    expect(dear.body).toContain('<option value="price_desc" selected="">');
    expect(dear.body).not.toBe(cheap.body);
  });

  it("show a merchant's change within 5 seconds", async () => {
    const slug = await someProductSlug(21);
    const before = await getProduct(slug);
    // The default version TTL (1 s), as in production.
    const live = {};
    const kept = await page(`/p/${slug}`, undefined, live);
    expect(kept.body).toContain(before.title.replace(/&/g, "&amp;"));
    const newTitle = `${before.title} (renamed ${crypto.randomUUID().slice(0, 8)})`;
    try {
      const started = Date.now();
      expect((await merchantPatch(slug, { title: newTitle })).status).toBe(200);
      let seen = await page(`/p/${slug}`, undefined, live);
      while (!seen.body.includes(`<h1>${newTitle.replace(/&/g, "&amp;")}</h1>`) && Date.now() - started < 5_000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        seen = await page(`/p/${slug}`, undefined, live);
      }
      expect(seen.body).toContain(`<h1>${newTitle.replace(/&/g, "&amp;")}</h1>`);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await merchantPatch(slug, { title: before.title });
    }
  });
});

describe("verified session cookies", () => {
  it("are not trusted past their expiry", async () => {
    const cookie = await signedIn("Grace Hopper", { expiresInSeconds: 2 });
    const slug = await someProductSlug(6);
    expect(accountLink((await page(`/p/${slug}`, cookie)).body)).toContain("Grace Hopper");
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const expired = await page(`/p/${slug}`, cookie);
    expect(accountLink(expired.body)).toContain("Sign in");
    expect(expired.res.headers.get("set-cookie")).toMatch(/^edgeshop_session=/);
  });

  it("are not trusted once the signing secret changes", async () => {
    const cookie = await signedIn("Katherine Johnson");
    const slug = await someProductSlug(6);
    expect(accountLink((await page(`/p/${slug}`, cookie)).body)).toContain("Katherine Johnson");
    const rotated = await page(`/p/${slug}`, cookie, { ...STEADY, SESSION_SECRET: "another-session-secret-of-32-chars-or-more" });
    expect(accountLink(rotated.body)).toContain("Sign in");
  });
});
