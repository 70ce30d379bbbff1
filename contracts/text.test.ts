import { describe, expect, it } from "vitest";
import { z } from "zod";
import { controlFree, emailSchema, productListQuerySchema, safeText, shippingAddressSchema } from "./text.ts";

const ADDRESS = { name: "Ada Lovelace", line1: "1 Analytical Way", city: "London", postalCode: "N1 1AA", country: "gb" };

function messages(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return (result.error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("text a shopper sends", () => {
  it("keeps letters of any script, emoji and inner spaces", () => {
    const parsed = shippingAddressSchema.parse({ ...ADDRESS, name: "  Zoë Ångström 李 🚀 ", line2: "Flat 2" });
    expect(parsed).toMatchObject({ name: "Zoë Ångström 李 🚀", line2: "Flat 2", country: "GB" });
  });

  it.each(["\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\ud800", "a\tb", "a\nb"])("refuses %j in an address, naming the field", (bad) => {
    for (const field of ["name", "line1", "line2", "city", "region", "postalCode"]) {
      const result = shippingAddressSchema.safeParse({ ...ADDRESS, [field]: `x${bad}y` });
      expect(messages(result)).toEqual([`${field}: ${field} must not contain control characters`]);
    }
  });

  it("trims a trailing line break away rather than refusing it", () => {
    expect(shippingAddressSchema.parse({ ...ADDRESS, city: "London\r\n" }).city).toBe("London");
  });

  it("refuses NUL in a search, a cursor and an email", () => {
    expect(messages(productListQuerySchema.safeParse({ q: "sh\u0000oe" }))).toEqual(["q: q must not contain control characters"]);
    expect(messages(productListQuerySchema.safeParse({ cursor: "abc\u0000" }))).toEqual(["cursor: cursor must not contain control characters"]);
    expect(messages(emailSchema.safeParse("ada\u0000@example.com"))).toEqual([": email must not contain control characters"]);
  });
});

describe("safeText and controlFree, for the schemas kept elsewhere", () => {
  it("safeText is required, trimmed and bounded as well as control-free", () => {
    const name = safeText("name", 5);
    expect(name.parse(" Ada ")).toBe("Ada");
    expect(messages(name.safeParse("   "))).toEqual([": name is required"]);
    expect(messages(name.safeParse("Adaline"))).toEqual([": name must be at most 5 characters"]);
    expect(messages(name.safeParse("A\u0000a"))).toEqual([": name must not contain control characters"]);
  });

  it("controlFree leaves the schema's own rules (no trimming of a password) alone", () => {
    const password = controlFree(z.string().min(8), "password");
    expect(password.parse("  spaced out  ")).toBe("  spaced out  ");
    expect(messages(password.safeParse("secret\u0000secret"))).toEqual([": password must not contain control characters"]);
  });

  it("controlFree with multiline keeps tabs and line breaks but no other control character", () => {
    const description = controlFree(z.string(), "description", { multiline: true });
    expect(description.parse("line one\r\n\tline two")).toBe("line one\r\n\tline two");
    expect(description.safeParse("bell\u0007").success).toBe(false);
    expect(description.safeParse("nul\u0000").success).toBe(false);
  });
});
