import { describe, expect, it } from "vitest";
import { etagMatches, etagOf, makeEntry } from "../src/catalog/entry.ts";
import { productListKeyForSearch, searchOf } from "../src/catalog/keys.ts";
import { shouldSaveLastGood } from "../src/catalog/last-good.ts";
import { SizedLru } from "../src/catalog/lru.ts";

/** The small pure parts of the edge catalog cache. */

describe("SizedLru", () => {
  const lru = () => new SizedLru<string>({ maxEntries: 3, maxSize: 10 }, (v) => v.length);

  it("evicts the least recently used entry when over the entry limit", () => {
    const cache = lru();
    cache.set("a", "1");
    cache.set("b", "2");
    cache.set("c", "3");
    expect(cache.get("a")).toBe("1"); // a is now the most recent
    cache.set("d", "4");
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe("1");
    expect(cache.entryCount).toBe(3);
  });

  it("evicts until the total size fits, and never stores a value bigger than the limit", () => {
    const cache = lru();
    cache.set("a", "12345");
    cache.set("b", "1234");
    cache.set("c", "123");
    expect(cache.get("a")).toBeUndefined();
    expect(cache.totalSize).toBe(7);
    cache.set("huge", "12345678901");
    expect(cache.get("huge")).toBeUndefined();
    expect(cache.totalSize).toBe(7);
  });

  it("replaces a key's value and its size", () => {
    const cache = lru();
    cache.set("a", "123");
    cache.set("a", "1");
    expect(cache.totalSize).toBe(1);
    expect(cache.entryCount).toBe(1);
  });
});

describe("catalog keys", () => {
  it("normalise parameter order, defaults and unknown parameters to one key", () => {
    const key = productListKeyForSearch("");
    expect(key).toBe("/catalog/products?limit=20&sort=newest&currency=USD");
    expect(productListKeyForSearch("currency=USD&sort=newest&utm_source=x")).toBe(key);
    expect(productListKeyForSearch("q=%20mug%20&limit=5")).toBe("/catalog/products?limit=5&q=mug&sort=newest&currency=USD");
  });

  it("validate before remembering: a bad query is refused every time", () => {
    expect(() => productListKeyForSearch("limit=0")).toThrow(/limit/);
    expect(() => productListKeyForSearch("limit=0")).toThrow(/limit/);
  });

  it("take the query string off a URL without its fragment", () => {
    expect(searchOf("http://x/api/products?limit=2#top")).toBe("limit=2");
    expect(searchOf("http://x/api/products")).toBe("");
  });
});

describe("ETags", () => {
  it("are strong, content-derived and compared as If-None-Match lists", () => {
    const tag = etagOf('{"a":1}');
    expect(tag).toMatch(/^"[0-9a-f]+-[0-9a-z]+"$/);
    expect(etagOf('{"a":1}')).toBe(tag);
    expect(etagOf('{"a":2}')).not.toBe(tag);
    expect(etagMatches(`"x", W/${tag}`, tag)).toBe(true);
    expect(etagMatches('"x"', tag)).toBe(false);
    expect(etagMatches(undefined, tag)).toBe(false);
  });
});

describe("last-good copies", () => {
  it("are rewritten only when the body changed and not more often than every 10 s", () => {
    const key = `/catalog/products/spec-${crypto.randomUUID()}?currency=USD`;
    const v1 = makeEntry(200, '{"product":1}', 1);
    const v2 = makeEntry(200, '{"product":2}', 2);
    expect(shouldSaveLastGood(key, v1, 0)).toBe(true);
    expect(shouldSaveLastGood(key, v1, 60_000)).toBe(false);
    expect(shouldSaveLastGood(key, v2, 5_000)).toBe(false);
    expect(shouldSaveLastGood(key, v2, 10_000)).toBe(true);
  });
});
