import { describe, expect, it } from "vitest";
import { clearCatalogMemory } from "../src/catalog/read.ts";
import { appFetch, CACHE, DOWN_REGIONS, demoProducts, edge, getProduct, listProducts, merchantPatch } from "./catalog-helpers.ts";

/**
 * The layers behind the catalog reads: isolate memory → Cache API → origin, versioned by the
 * catalog's outbox seq, with a last-known-good copy in KV for when the origin is down. The
 * origin-down cases call the edge app with REGIONS pointing at a closed loopback port.
 */

describe("layered edge cache", () => {
  it("falls back from isolate memory to the Cache API before asking the origin", async () => {
    // Other specs change the catalog meanwhile; a long version TTL keeps this one on one version.
    const steady = { CATALOG_VERSION_TTL_MS: "60000" };
    const path = "/api/products?limit=3&sort=price_asc&currency=EUR&minPrice=100";
    const miss = await appFetch(path, steady);
    expect(miss.headers.get(CACHE)).toBe("miss");
    expect((await appFetch(path, steady)).headers.get(CACHE)).toBe("hit-memory");
    clearCatalogMemory();
    const fromCache = await appFetch(path, steady);
    expect(fromCache.headers.get(CACHE)).toBe("hit-cache");
    expect(await fromCache.text()).toBe(await miss.text());
    expect(fromCache.headers.get("etag")).toBe(miss.headers.get("etag"));
    expect((await appFetch(path, steady)).headers.get(CACHE)).toBe("hit-memory");
  });
});

describe("freshness after a merchant change", () => {
  it("shows a merchant's change at the edge within 5 seconds", async () => {
    // A product from the middle of the list and a title-only change: other specs price carts and
    // checkouts against this same catalog at the same time.
    const summary = (await demoProducts("limit=40&sort=newest"))[17];
    if (!summary) throw new Error("the seed has fewer than 18 products");
    const before = await getProduct(summary.slug);
    const newTitle = `${before.title} (renamed ${crypto.randomUUID().slice(0, 8)})`;
    try {
      const started = Date.now();
      const patched = await merchantPatch(summary.slug, { title: newTitle });
      expect(patched.status).toBe(200);
      let seen = await getProduct(summary.slug);
      while (seen.title !== newTitle && Date.now() - started < 5_000) {
        await new Promise((r) => setTimeout(r, 100));
        seen = await getProduct(summary.slug);
      }
      expect(seen.title).toBe(newTitle);
      expect(Date.now() - started).toBeLessThan(5_000);
      const listed = await listProducts("limit=30&sort=newest");
      expect(listed.products.find((p) => p.id === summary.id)?.title).toBe(newTitle);
    } finally {
      await merchantPatch(summary.slug, { title: before.title });
    }
  });
});

describe("when the catalog origin is down", () => {
  const down = { REGIONS: DOWN_REGIONS };

  it("serves the last-known-good copy from KV, marked stale and not for keeping", async () => {
    const path = "/api/products?limit=4&sort=price_desc&currency=GBP";
    const good = await appFetch(path);
    expect(good.status).toBe(200);
    const res = await appFetch(path, down);
    expect(res.status).toBe(200);
    expect(res.headers.get(CACHE)).toBe("stale");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.text()).toBe(await good.text());
  });

  it("answers 503 with Retry-After in the JSON error shape when nothing was ever cached", async () => {
    const res = await appFetch(`/api/products?limit=2&q=${crypto.randomUUID().slice(0, 8)}`, down);
    expect(res.status).toBe(503);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await res.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe("SERVICE_UNAVAILABLE");
  });

  it("still renders a product page it has seen, with a notice, and a 503 page for one it has not", async () => {
    const [summary] = await demoProducts("limit=20&sort=price_asc");
    if (!summary) throw new Error("no products");
    expect((await appFetch(`/p/${summary.slug}`)).status).toBe(200);
    const stale = await appFetch(`/p/${summary.slug}`, down);
    expect(stale.status).toBe(200);
    expect(stale.headers.get(CACHE)).toBe("stale");
    const html = await stale.text();
    expect(html).toContain(summary.title);
    expect(html).toContain("saved copy of the catalog");
    const unseen = await appFetch("/p/a-product-nobody-asked-for", down);
    expect(unseen.status).toBe(503);
    expect(unseen.headers.get("retry-after")).toBeTruthy();
    expect(unseen.headers.get("content-type")).toContain("text/html");
  });

  it("keeps answering the healthy origin's shoppers normally meanwhile", async () => {
    const res = await edge("/api/categories");
    expect(res.status).toBe(200);
    expect(res.headers.get(CACHE)).not.toBe("stale");
  });
});
