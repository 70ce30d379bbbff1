import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { crossSiteReason } from "../src/middleware/same-origin.ts";
import { sampleVariants, Shopper, type ErrorJson } from "./cart-fixtures.ts";

/**
 * Cross-site writes are refused before the session middleware runs. A browser keeps a SameSite=Lax
 * cookie off a cross-site POST, so letting one through would mint a guest session whose
 * Set-Cookie replaces the shopper's real one (their cart and sign-in gone).
 */
const URL_HERE = "http://localhost/cart/items";
const reason = (method: string, headers: Record<string, string>) => crossSiteReason(method, URL_HERE, new Headers(headers));

describe("crossSiteReason", () => {
  it.each([
    ["a same-origin POST", "POST", { "sec-fetch-site": "same-origin", origin: "http://localhost" }],
    ["a POST the user typed (sec-fetch-site: none)", "POST", { "sec-fetch-site": "none" }],
    ["a POST with a matching Origin and no Sec-Fetch-Site", "POST", { origin: "http://localhost" }],
    ["a POST from no browser at all", "POST", {}],
    ["a cross-site GET (a link from another site)", "GET", { "sec-fetch-site": "cross-site", origin: "https://evil.example" }],
    ["a cross-site HEAD", "HEAD", { "sec-fetch-site": "cross-site" }],
  ])("lets %s through", (_what, method, headers) => {
    expect(reason(method, headers)).toBeUndefined();
  });

  it.each([
    ["a cross-site POST", "POST", { "sec-fetch-site": "cross-site" }],
    ["a same-site POST (a sibling subdomain)", "POST", { "sec-fetch-site": "same-site" }],
    ["a POST from another origin, by Origin alone", "POST", { origin: "https://evil.example" }],
    ["a POST from an opaque origin", "POST", { origin: "null" }],
    ["a cross-site PUT, PATCH or DELETE", "DELETE", { "sec-fetch-site": "cross-site" }],
    ["a cross-site PATCH", "PATCH", { origin: "http://localhost:9999" }],
  ])("refuses %s", (_what, method, headers) => {
    expect(reason(method, headers)).toEqual(expect.any(String));
  });
});

describe("the Worker, for a cross-site write", () => {
  it("answers 403 CROSS_SITE_REQUEST and sets no cookie when the browser sent none", async () => {
    const [variant] = await sampleVariants(1);
    const res = await exports.default.fetch(URL_HERE, {
      method: "POST",
      headers: { "sec-fetch-site": "cross-site", origin: "https://evil.example" },
      body: new URLSearchParams({ variantId: variant?.id ?? "", quantity: "1" }),
      redirect: "manual",
    });
    expect(res.status).toBe(403);
    expect((await res.json<ErrorJson>()).error.code).toBe("CROSS_SITE_REQUEST");
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("refuses the JSON API the same way, before any session is written", async () => {
    const res = await exports.default.fetch("http://localhost/api/cart/items", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ variantId: "v", quantity: 1 }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  // The account and checkout routers once mounted a guard of their own; the app-wide one is the only one now.
  it.each([
    ["POST", "/api/account/signup"],
    ["POST", "/api/account/signin"],
    ["POST", "/api/account/signout"],
    ["POST", "/account/signin"],
    ["POST", "/account/signup"],
    ["POST", "/account/signout"],
    ["POST", "/checkout"],
    ["POST", "/orders/some-order/confirm-payment"],
    ["POST", "/api/checkout"],
    ["POST", "/api/orders/some-order/payment-confirmation"],
  ])("refuses a cross-site %s %s before it reaches its router", async (method, path) => {
    const res = await exports.default.fetch(`http://localhost${path}`, {
      method,
      headers: { "sec-fetch-site": "cross-site", origin: "https://evil.example" },
      body: new URLSearchParams({ email: "someone@example.com", password: "a long enough password" }),
      redirect: "manual",
    });
    expect(res.status).toBe(403);
    expect((await res.json<ErrorJson>()).error.code).toBe("CROSS_SITE_REQUEST");
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("leaves the shopper's own session and cart as they were", async () => {
    const [variant] = await sampleVariants(1);
    const shopper = new Shopper();
    const added = await shopper.form("/cart/items", { variantId: variant?.id ?? "", quantity: "1" }, { "sec-fetch-site": "same-origin" });
    expect(added.status).toBe(303);
    const refused = await shopper.form("/cart/items", { variantId: variant?.id ?? "", quantity: "3" }, { "sec-fetch-site": "cross-site" });
    expect(refused.status).toBe(403);
    expect((await shopper.cart()).lines.map((l) => l.quantity)).toEqual([1]);
  });

  it("still gives a shopper arriving from a link on another site a session", async () => {
    const res = await exports.default.fetch("http://localhost/cart", { headers: { "sec-fetch-site": "cross-site" } });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().join(";")).toContain("edgeshop_session=");
  });
});
