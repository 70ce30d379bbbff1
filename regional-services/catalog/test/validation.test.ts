import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProductListPage } from "../../../domain/catalog.ts";
import { encodeCursor } from "../cursor.ts";
import { errorOf, openFixture, type CatalogFixture } from "./fixture.ts";

let f: CatalogFixture;
beforeAll(async () => {
  f = await openFixture({ products: 30 });
});
afterAll(() => f.close());

/** Bad input is a 400 VALIDATION_FAILED whose message names the offending parameter, never a 500. */
async function expectBadParam(path: string, param: string): Promise<void> {
  const res = await f.get(path);
  expect(res.status).toBe(400);
  const error = await errorOf(res);
  expect(error.code).toBe("VALIDATION_FAILED");
  expect(error.message).toContain(param);
}

describe("listing parameters", () => {
  it("refuses a limit below 1 or above 100", async () => {
    await expectBadParam("/catalog/products?limit=0", "limit");
    await expectBadParam("/catalog/products?limit=10000", "limit");
    await expectBadParam("/catalog/products?limit=ten", "limit");
  });

  it("refuses a cursor that is not one of ours", async () => {
    await expectBadParam("/catalog/products?cursor=not-a-cursor", "cursor");
    await expectBadParam("/catalog/products?cursor=%25%25%25", "cursor");
    await expectBadParam(`/catalog/products?cursor=${Buffer.from('{"a":1}').toString("base64url")}`, "cursor");
    await expectBadParam(`/catalog/products?cursor=${"A".repeat(600)}`, "cursor");
  });

  it("refuses a price cursor used with another sort or currency", async () => {
    const page = (await (await f.get("/catalog/products?sort=price_asc&currency=EUR&limit=2")).json()) as ProductListPage;
    expect(page.nextCursor).not.toBeNull();
    await expectBadParam(`/catalog/products?sort=price_desc&currency=EUR&cursor=${page.nextCursor}`, "cursor");
    await expectBadParam(`/catalog/products?sort=price_asc&currency=GBP&cursor=${page.nextCursor}`, "cursor");
    await expectBadParam(`/catalog/products?sort=newest&cursor=${encodeCursor({ sort: "newest", currency: "USD", key: "yesterday", id: "p" })}`, "cursor");
  });

  it("refuses a cursor whose key or id is not what the catalog writes, instead of failing the query", async () => {
    const forged = (sort: string, key: unknown, id: unknown = "prod_00001") => Buffer.from(JSON.stringify([sort, "USD", key, id])).toString("base64url");
    // The attack's cursor, ["newest","USD","1","prod_00001"]: Date.parse("1") accepts it, Postgres did not.
    await expectBadParam("/catalog/products?sort=newest&cursor=WyJuZXdlc3QiLCJVU0QiLCIxIiwicHJvZF8wMDAwMSJd", "cursor");
    for (const key of ["1", "2025", "2025-03-01", "2025-03-01T10:00:00Z", "2025-03-01T10:00:00.000+01:00", "2025-02-30T10:00:00.000Z", "0000-01-01T00:00:00.000Z", "+275760-09-13T00:00:00.000Z", "Sat, 01 Mar 2025 10:00:00 GMT", 1740823200000]) {
      await expectBadParam(`/catalog/products?sort=newest&cursor=${forged("newest", key)}`, "cursor");
    }
    for (const key of [2 ** 31, Number.MAX_SAFE_INTEGER, -1, 1.5, "100", 1e300]) {
      await expectBadParam(`/catalog/products?sort=price_asc&cursor=${forged("price_asc", key)}`, "cursor");
      await expectBadParam(`/catalog/products?sort=price_desc&cursor=${forged("price_desc", key)}`, "cursor");
    }
    for (const id of ["", "p", "prod_", "prod_1'--", "prod_\u0000", 7]) {
      await expectBadParam(`/catalog/products?sort=price_asc&cursor=${forged("price_asc", 100, id)}`, "cursor");
    }
  });

  it("accepts a cursor written exactly as the catalog writes it", async () => {
    const newest = encodeCursor({ sort: "newest", currency: "USD", key: "2025-03-01T10:00:00.000Z", id: "prod_00001" });
    expect((await f.get(`/catalog/products?sort=newest&cursor=${newest}`)).status).toBe(200);
    const cheapest = encodeCursor({ sort: "price_asc", currency: "USD", key: 2 ** 31 - 1, id: "prod_00001" });
    expect((await f.get(`/catalog/products?sort=price_asc&cursor=${cheapest}`)).status).toBe(200);
  });

  it("refuses an unknown currency or sort", async () => {
    await expectBadParam("/catalog/products?currency=JPY", "currency");
    await expectBadParam("/catalog/products?sort=cheapest", "sort");
  });

  it("refuses a search longer than 200 characters", async () => {
    await expectBadParam(`/catalog/products?q=${"a".repeat(5 * 1024)}`, "q");
  });

  it("refuses prices that are not whole minor units, or a minimum above the maximum", async () => {
    await expectBadParam("/catalog/products?minPrice=9.99", "minPrice");
    await expectBadParam("/catalog/products?minPrice=-1", "minPrice");
    await expectBadParam("/catalog/products?minPrice=500&maxPrice=100", "minPrice");
  });

  it("refuses a category that is not a slug, and answers 404 for an unknown one", async () => {
    await expectBadParam("/catalog/products?category=Not%20A%20Slug", "category");
    const res = await f.get("/catalog/products?category=no-such-category");
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("NOT_FOUND");
  });
});

describe("other parameters", () => {
  it("refuses a product slug that cannot exist, and an unknown currency for a product", async () => {
    await expectBadParam("/catalog/products/Bad_Slug", "slug");
    const slug = f.catalog.products[0]?.slug ?? "";
    await expectBadParam(`/catalog/products/${slug}?currency=XYZ`, "currency");
  });

  it("requires between 1 and 100 variant ids", async () => {
    await expectBadParam("/catalog/variants", "ids");
    await expectBadParam("/catalog/variants?ids=,,", "ids");
    const many = Array.from({ length: 101 }, (_, i) => `var_${i}`).join(",");
    await expectBadParam(`/catalog/variants?ids=${many}`, "ids");
  });

  it("refuses a negative or non-numeric feed position", async () => {
    await expectBadParam("/internal/events?after=-1", "after");
    await expectBadParam("/internal/events?after=x", "after");
    await expectBadParam("/internal/events?limit=0", "limit");
  });
});
