import { describe, expect, it } from "vitest";
import { sameOriginPath } from "./redirect-target.ts";

const BASE = "http://shop.example/cart/items";

/** Paths that a URL parser normalises to "//evil.example/...", which a browser reads as a host. */
const NORMALISED_TO_ANOTHER_HOST = ["/.//evil.example/phish", "/..//evil.example/phish", "/%2e//evil.example/phish", "/%2e%2e//evil.example/phish", "/a/..//evil.example/phish", "/.///evil.example/phish"];

describe("sameOriginPath", () => {
  it("keeps a path on this site with its query and fragment", () => {
    expect(sameOriginPath("/cart?from=signin#top", BASE)).toBe("/cart?from=signin#top");
    expect(sameOriginPath("http://shop.example/p/shirt?currency=EUR", BASE)).toBe("/p/shirt?currency=EUR");
    expect(sameOriginPath("/a/./b/../c", BASE)).toBe("/a/c");
  });

  it("refuses a path that normalises to //host", () => {
    for (const target of NORMALISED_TO_ANOTHER_HOST) {
      expect(sameOriginPath(target, BASE), target).toBeUndefined();
      expect(sameOriginPath(`http://shop.example${target}`, BASE), target).toBeUndefined();
    }
    expect(sameOriginPath("http://shop.example//evil.example/x", BASE)).toBeUndefined();
  });

  it("refuses another origin, a scheme, backslashes and control characters", () => {
    for (const target of ["//evil.example/x", "https://evil.example/", "https://shop.example/", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "javascript:alert(1)", "", "/" + "a".repeat(2001)]) {
      expect(sameOriginPath(target, BASE), JSON.stringify(target)).toBeUndefined();
    }
  });
});
