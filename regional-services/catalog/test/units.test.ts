import { describe, expect, it } from "vitest";
import { AppError } from "../../../platform/errors.ts";
import { indexCategories } from "../categories.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { searchCondition } from "../search.ts";

describe("listing cursors", () => {
  it("read back what they were written with, for the same sort and currency", () => {
    const cursor = { sort: "price_asc", currency: "EUR", key: 1299, id: "prod_00007" } as const;
    const raw = encodeCursor(cursor);
    expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(raw, "price_asc", "EUR")).toEqual(cursor);
  });

  it("carry over between currencies only for the newest-first order", () => {
    const newest = encodeCursor({ sort: "newest", currency: "USD", key: "2025-03-01T10:00:00.000Z", id: "prod_1" });
    expect(decodeCursor(newest, "newest", "GBP").id).toBe("prod_1");
    const price = encodeCursor({ sort: "price_desc", currency: "USD", key: 500, id: "prod_1" });
    expect(() => decodeCursor(price, "price_desc", "GBP")).toThrow(AppError);
  });

  it("are refused when tampered with", () => {
    const forged = Buffer.from(JSON.stringify(["price_asc", "USD", "1; drop table products", "p"])).toString("base64url");
    expect(() => decodeCursor(forged, "price_asc", "USD")).toThrow(/cursor/);
    expect(() => decodeCursor("e30", "newest", "USD")).toThrow(/cursor/);
  });
});

describe("search terms", () => {
  it("need at least one letter or digit", () => {
    expect(searchCondition("!!! ***")).toBeNull();
    expect(searchCondition("  shi  ")).not.toBeNull();
  });
});

describe("category index", () => {
  const index = indexCategories([
    { id: "r", slug: "home", name: "Home", parentId: null, position: 0 },
    { id: "a", slug: "home-mugs", name: "Mugs", parentId: "r", position: 1 },
    { id: "b", slug: "home-candles", name: "Candles", parentId: "r", position: 0 },
    { id: "c", slug: "home-mugs-tall", name: "Tall", parentId: "a", position: 0 },
  ]);

  it("finds every descendant and the root-first path", () => {
    expect(index.descendantIds("r").sort()).toEqual(["a", "b", "c", "r"]);
    expect(index.path("c").map((x) => x.slug)).toEqual(["home", "home-mugs", "home-mugs-tall"]);
  });

  it("orders siblings by position", () => {
    expect(index.children("r").map((x) => x.slug)).toEqual(["home-candles", "home-mugs"]);
  });
});
