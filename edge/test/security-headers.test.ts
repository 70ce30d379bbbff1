import { describe, expect, it } from "vitest";
import { appFetch, edge } from "./catalog-helpers.ts";

/**
 * Every response carries the security headers; the CSP allows exactly what the pages use (their
 * one inline stylesheet, by hash, and data: images) and HSTS is sent only in production.
 */
function directives(csp: string | null): Map<string, string> {
  return new Map((csp ?? "").split(";").map((d) => {
    const [name = "", ...values] = d.trim().split(/\s+/);
    return [name, values.join(" ")] as const;
  }));
}

async function sha256Source(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return `'sha256-${btoa(String.fromCharCode(...digest))}'`;
}

function expectCommonHeaders(res: Response): void {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  const csp = directives(res.headers.get("content-security-policy"));
  expect(csp.get("frame-ancestors")).toBe("'none'");
  expect(csp.get("default-src")).toBe("'none'");
}

describe("security headers", () => {
  it("are on a page, with a CSP that allows its inline stylesheet and images and no script", async () => {
    const res = await edge("/");
    expect(res.status).toBe(200);
    expectCommonHeaders(res);
    const html = await res.text();
    expect(html).not.toMatch(/<script|\sstyle="|\son[a-z]+="/i);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? "");
    expect(styles).toHaveLength(1);
    const csp = directives(res.headers.get("content-security-policy"));
    expect(csp.get("style-src")).toBe(await sha256Source(styles[0] ?? ""));
    expect(csp.get("img-src")).toBe("'self' data:");
    expect(csp.get("form-action")).toBe("'self'");
    expect(csp.has("script-src")).toBe(false);
    const images = [...html.matchAll(/<img\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(images.length).toBeGreaterThan(0);
    for (const src of images) expect(src.startsWith("data:") || src.startsWith("/")).toBe(true);
  });

  it("are on JSON answers and errors too", async () => {
    expectCommonHeaders(await edge("/api/categories"));
    expectCommonHeaders(await edge("/no-such-route"));
  });

  it("are the whole set, the same on a page, a JSON answer, a cart change and an error", async () => {
    const expected = {
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-resource-policy": "same-origin",
      "origin-agent-cluster": "?1",
      "x-dns-prefetch-control": "off",
      "x-download-options": "noopen",
      "x-permitted-cross-domain-policies": "none",
      "x-xss-protection": "0",
    };
    const answers = [
      await edge("/"),
      await edge("/api/products?limit=1"),
      await edge("/api/cart/items", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ variantId: "var_none", quantity: 1 }) }),
      await edge("/no-such-route"),
    ];
    const policies = new Set(answers.map((res) => res.headers.get("content-security-policy")));
    expect(policies.size).toBe(1);
    for (const res of answers) {
      expectCommonHeaders(res);
      expect(Object.fromEntries(Object.keys(expected).map((name) => [name, res.headers.get(name)]))).toEqual(expected);
      expect(res.headers.get("x-powered-by")).toBeNull();
    }
  });

  it("include HSTS only in production", async () => {
    expect((await edge("/healthz")).headers.get("strict-transport-security")).toBeNull();
    expect((await appFetch("/healthz", { ENVIRONMENT: "development" })).headers.get("strict-transport-security")).toBeNull();
    const production = await appFetch("/healthz", { ENVIRONMENT: "production" });
    expect(production.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  });
});
