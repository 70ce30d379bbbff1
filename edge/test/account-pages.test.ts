import { describe, expect, it } from "vitest";
import { mailboxLink } from "./account-fixtures.ts";
import { Shopper } from "./cart-fixtures.ts";

/**
 * The account pages work as plain HTML forms: errors sit next to their field, success redirects
 * to a local `next` (never to another site), and the account page says who is signed in.
 */
const PASSWORD = "a page-test password";
const uniqueEmail = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;
const SAME_ORIGIN = { origin: "http://localhost" };

/** Signs up with the form, opens the emailed link and presses its button: the browser is signed in. */
async function signUpWithForms(shopper: Shopper, email: string, next = "/"): Promise<Response> {
  const res = await shopper.form("/account/signup", { email, password: PASSWORD, name: "Page Tester", next }, SAME_ORIGIN);
  if (res.status !== 200) throw new Error(`sign-up answered ${res.status}: ${await res.text()}`);
  const link = new URL(await mailboxLink(email));
  const page = await shopper.fetch(link.pathname + link.search);
  const html = await page.text();
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const nextField = /name="next" value="([^"]*)"/.exec(html)?.[1]?.replaceAll("&amp;", "&") ?? "/";
  return shopper.form("/account/verify", { token, next: nextField }, SAME_ORIGIN);
}

async function signedUp(label: string): Promise<{ shopper: Shopper; email: string }> {
  const shopper = new Shopper();
  const email = uniqueEmail(label);
  const res = await signUpWithForms(shopper, email);
  if (res.status !== 303) throw new Error(`finishing sign-up answered ${res.status}: ${await res.text()}`);
  return { shopper, email };
}

describe("account pages", () => {
  it("shows a sign-in form that needs no JavaScript and remembers where to go next", async () => {
    const res = await new Shopper().fetch("/account/signin?next=%2Fcart");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const html = await res.text();
    expect(html).toContain('<form method="post" action="/account/signin">');
    expect(html).toContain('name="next" value="/cart"');
    expect(html).not.toContain("<script");
  });

  it("puts each error next to its field, keeps the email and never echoes the password", async () => {
    const res = await new Shopper().form("/account/signup", { email: "nope", password: "Zq7x", name: "", next: "/" }, SAME_ORIGIN);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="email"[^>]*aria-describedby="email-error"/);
    expect(html).toMatch(/<p class="field-error" id="email-error">email must be a valid email address<\/p>/);
    expect(html).toMatch(/<p class="field-error" id="password-error">password must be at least 8 characters<\/p>/);
    expect(html).toContain('value="nope"');
    expect(html).not.toContain("Zq7x");
  });

  it("signs up through the emailed link and redirects to the local next page with the customer signed in", async () => {
    const shopper = new Shopper();
    const res = await signUpWithForms(shopper, uniqueEmail("pages"), "/cart?from=signup");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/cart?from=signup");
    const account = await shopper.fetch("/account");
    expect(account.status).toBe(200);
    const html = await account.text();
    expect(html).toContain('href="/orders"');
    expect(html).toContain("Your account");
  });

  it("never redirects to another site, whatever next says", async () => {
    for (const next of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "/\t/evil.example", "javascript:alert(1)"]) {
      const { email } = await signedUp("next");
      const res = await new Shopper().form("/account/signin", { email, password: PASSWORD, next }, SAME_ORIGIN);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/");
    }
  });

  it("answers a taken email with the same page as a new one, and wrong credentials at the top of the form", async () => {
    const { email } = await signedUp("taken");
    const taken = await new Shopper().form("/account/signup", { email: email.toUpperCase(), password: PASSWORD }, SAME_ORIGIN);
    const fresh = await new Shopper().form("/account/signup", { email: uniqueEmail("fresh"), password: PASSWORD }, SAME_ORIGIN);
    expect([taken.status, fresh.status]).toEqual([200, 200]);
    const page = await taken.text();
    expect(page).toContain("Check your inbox to finish creating your account.");
    expect(page).not.toContain("already exists");
    expect(page.replace(/<head>[\s\S]*<\/head>/, "")).toBe((await fresh.text()).replace(/<head>[\s\S]*<\/head>/, ""));

    const wrong = await new Shopper().form("/account/signin", { email, password: "wrong password!" }, SAME_ORIGIN);
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toMatch(/<p class="form-error" role="alert">The email or password is incorrect.<\/p>/);
  });

  it("shows who is signed in on /account, with a link to the order history", async () => {
    const { shopper, email } = await signedUp("overview");
    const html = await (await shopper.fetch("/account")).text();
    expect(html).toContain(email);
    expect(html).toContain("Page Tester");
    expect(html).toContain('<a href="/orders">');
    expect(html).toContain('action="/account/signout"');
  });

  it("sends a signed-out visitor of /account to the sign-in page", async () => {
    const res = await new Shopper().fetch("/account");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account/signin?next=%2Faccount");
  });

  it("signs out with a form post and lands on the home page as a guest", async () => {
    const { shopper } = await signedUp("bye");
    const res = await shopper.form("/account/signout", {}, SAME_ORIGIN);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    expect((await shopper.fetch("/account")).status).toBe(303);
  });

  it("refuses an account form posted from another site", async () => {
    const { email } = await signedUp("csrf");
    const victim = new Shopper();
    const res = await victim.form("/account/signin", { email, password: PASSWORD }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect((await victim.fetch("/account")).status).toBe(303);
  });
});
