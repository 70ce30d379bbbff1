import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

/**
 * Every HTML form post reads its body through one parser (platform/http.ts parseFormBody): a body
 * the runtime cannot read as a form is a 400 the shopper's browser can show, never a 500.
 */
const MALFORMED = {
  method: "POST",
  headers: { "content-type": "multipart/form-data; boundary=----edgeshop", "sec-fetch-site": "same-origin" },
  body: "this is not a multipart body",
  redirect: "manual",
} satisfies RequestInit;

describe("a malformed form body", () => {
  it.each(["/cart/items", "/cart/promotions", "/checkout", "/account/signin", "/account/signup"])("is a 400 at %s that says so", async (path) => {
    const res = await exports.default.fetch(`http://localhost${path}`, MALFORMED);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("form body is malformed");
  });

  it("is a 400 when changing a cart line (its message sits beside the line, absent from an empty cart)", async () => {
    const res = await exports.default.fetch("http://localhost/cart/lines/line-1", MALFORMED);
    expect(res.status).toBe(400);
  });

  it("is a 400 in the shared JSON shape where the route does not render a page", async () => {
    const res = await exports.default.fetch("http://localhost/account/signin", MALFORMED);
    expect(await res.json()).toEqual({ error: { code: "BAD_REQUEST", message: "form body is malformed" } });
  });
});
