import { describe, expect, it } from "vitest";
import { Shopper, type ErrorJson } from "./cart-fixtures.ts";

/**
 * Sign-up through the edge refuses control characters and lone surrogates in every field, in the
 * JSON API and in the HTML form, before the customers service or its database sees them. A form
 * body that is not valid UTF-8 is refused rather than "repaired" into U+FFFD by the form parser.
 */
const uniqueEmail = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;
const PASSWORD = "a fine long password";
const FORM = { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" };

describe("sign-up text rules at the edge", () => {
  it.each([
    ["ESC", "Ada\u001b[31mLovelace"],
    ["BEL", "Ada\u0007"],
    ["a newline", "Ada\nLovelace"],
    ["NUL", "Ada\u0000"],
    ["a lone surrogate", "Ada\ud800"],
  ])("refuses %s in the name through the JSON API, naming the field", async (_what, name) => {
    const res = await new Shopper().json("/api/account/signup", "POST", { email: uniqueEmail("json"), password: PASSWORD, name });
    expect(res.status).toBe(400);
    const { error } = await res.json<ErrorJson>();
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toBe("name must not contain control characters");
  });

  it("shows the name's error beside the field in the form", async () => {
    const body = `name=Ada%1BLovelace&email=${encodeURIComponent(uniqueEmail("form"))}&password=${encodeURIComponent(PASSWORD)}&next=%2F`;
    const res = await new Shopper().fetch("/account/signup", { method: "POST", headers: FORM, body });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<p class="field-error" id="name-error">name must not contain control characters</p>');
  });

  it("refuses a form whose text is not valid UTF-8 (a lone surrogate), instead of storing U+FFFD", async () => {
    const body = `name=Ada%ED%A0%80&email=${encodeURIComponent(uniqueEmail("utf8"))}&password=${encodeURIComponent(PASSWORD)}&next=%2F`;
    const res = await new Shopper().fetch("/account/signup", { method: "POST", headers: FORM, body });
    expect(res.status).toBe(400);
    expect(await res.json<ErrorJson>()).toEqual({ error: { code: "BAD_REQUEST", message: "form body is not valid UTF-8 text" } });
  });
});
