import { describe, expect, it } from "vitest";
import { Shopper } from "./cart-fixtures.ts";

/**
 * Redirects after sign-in and after a refused cart form never leave the site, including for
 * paths that only become "//host" once the URL parser removes "." and ".." segments.
 */
const PAYLOADS = ["/.//evil.example/phish", "/..//evil.example/phish", "/%2e//evil.example/phish", "/%2e%2e//evil.example/phish", "/a/..//evil.example/phish", "/.///evil.example/phish"];
const PASSWORD = "an open-redirect password";
const SAME_ORIGIN = { origin: "http://localhost" };

async function signedIn(): Promise<{ shopper: Shopper; email: string }> {
  const shopper = new Shopper();
  const email = `redirect-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const res = await shopper.form("/account/signup", { email, password: PASSWORD, next: "/" }, SAME_ORIGIN);
  if (res.status !== 303) throw new Error(`sign-up answered ${res.status}: ${await res.text()}`);
  return { shopper, email };
}

function expectLocalRedirect(res: Response, payload: string): void {
  expect(res.status, payload).toBe(303);
  const location = res.headers.get("location") ?? "";
  expect(location, payload).toMatch(/^\/(?!\/)/);
  expect(new URL(location, "http://localhost").origin, payload).toBe("http://localhost");
}

describe("redirects after signing in", () => {
  it("a signed-in shopper opening sign-in or sign-up with a crafted next stays on the site", async () => {
    const { shopper } = await signedIn();
    for (const payload of PAYLOADS) {
      for (const page of ["/account/signin", "/account/signup"]) {
        const res = await shopper.fetch(`${page}?next=${encodeURIComponent(payload)}`);
        expectLocalRedirect(res, `${page} ${payload}`);
        expect(res.headers.get("location")).toBe("/account");
      }
    }
  });

  it("a sign-in form with valid credentials and a crafted next goes home", async () => {
    const { email } = await signedIn();
    for (const payload of PAYLOADS) {
      const res = await new Shopper().form("/account/signin", { email, password: PASSWORD, next: payload }, SAME_ORIGIN);
      expectLocalRedirect(res, payload);
      expect(res.headers.get("location")).toBe("/");
    }
  });

  it("still follows a local next", async () => {
    const { shopper } = await signedIn();
    const res = await shopper.fetch("/account/signin?next=%2Fcart%3Ffrom%3Dsignin");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/cart?from=signin");
  });
});

describe("redirects back to the Referer after a refused cart form", () => {
  const addUnknownVariant = (referer: string) =>
    new Shopper().form("/cart/items", { variantId: "var_does_not_exist", quantity: "1" }, { ...SAME_ORIGIN, referer });

  it("never follow a Referer whose path is //host", async () => {
    for (const referer of ["http://localhost//evil.example/x", ...PAYLOADS.map((p) => `http://localhost${p}`)]) {
      const res = await addUnknownVariant(referer);
      expect(res.status, referer).toBe(404);
      expect(res.headers.get("location"), referer).toBeNull();
      expect(await res.text()).toContain("var_does_not_exist");
    }
  });

  it("go back to a page on this site with the refusal's code", async () => {
    const res = await addUnknownVariant("http://localhost/p/some-shirt?currency=EUR");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/p/some-shirt?currency=EUR&cartError=VARIANT_NOT_FOUND");
  });
});
