import { describe, expect, it } from "vitest";
import { createAccount, mailboxLink, mailboxToken } from "./account-fixtures.ts";
import { Shopper, type ErrorJson } from "./cart-fixtures.ts";
import { appFetch } from "./catalog-helpers.ts";

/**
 * Sign-up by email through the edge: the answer never reveals an account, the inbox (the
 * development mailbox) does, links are single-use, sign-up is rate-limited per client, and the
 * mailbox exists only in development and test.
 */
const PASSWORD = "a fine long password";
const uniqueEmail = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;
const uniqueIp = () => `2001:db8::${crypto.randomUUID().slice(0, 4)}:${crypto.randomUUID().slice(0, 4)}`;

describe("sign-up by email", () => {
  it("tells a taken address's inbox that someone tried, with no link", async () => {
    const email = uniqueEmail("noted");
    await createAccount(email, PASSWORD);
    await new Shopper().json("/api/account/signup", "POST", { email, password: "someone else's" });
    const html = await (await new Shopper().fetch(`/dev/mailbox?to=${encodeURIComponent(email)}`)).text();
    expect(html).toContain("Someone tried to create an account with your email");
    expect(html).toContain("sign in, or reset your password");
  });

  it("points the link at this site's verify page and uses it once", async () => {
    const email = uniqueEmail("once");
    await new Shopper().json("/api/account/signup", "POST", { email, password: PASSWORD });
    expect(await mailboxLink(email)).toMatch(/^http:\/\/localhost\/account\/verify\?token=[A-Za-z0-9_-]{43}$/);
    const token = await mailboxToken(email);
    expect((await new Shopper().json("/api/account/signup/complete", "POST", { token })).status).toBe(201);
    const again = await new Shopper().json("/api/account/signup/complete", "POST", { token });
    expect(again.status).toBe(400);
    expect((await again.json<ErrorJson>()).error.code).toBe("INVALID_TOKEN");
    const page = await new Shopper().fetch("/account/verify", { method: "POST", headers: { origin: "http://localhost" }, body: new URLSearchParams({ token, next: "/" }) });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("This link has expired or was already used.");
    expect((await new Shopper().fetch("/account/verify?token=nonsense")).status).toBe(400);
  });

  it("limits sign-ups per client with 429 and Retry-After", async () => {
    const ip = uniqueIp();
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 11; i++) {
      const res = await new Shopper().fetch("/api/account/signup", {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": ip },
        body: JSON.stringify({ email: uniqueEmail("flood"), password: PASSWORD }),
      });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses).toEqual([...Array(10).fill(202), 429]);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited?.json<ErrorJson>())?.error.code).toBe("RATE_LIMITED");
  });

  it("serves /dev/mailbox in test and development, never in production", async () => {
    expect((await appFetch("/dev/mailbox", { ENVIRONMENT: "test" })).status).toBe(200);
    expect((await appFetch("/dev/mailbox", { ENVIRONMENT: "development" })).status).toBe(200);
    const production = await appFetch("/dev/mailbox", { ENVIRONMENT: "production", SESSION_SECRET: "a-real-session-secret-0123456789abcdef" });
    expect(production.status).toBe(404);
    expect((await production.json<ErrorJson>()).error.code).toBe("NOT_FOUND");
  });
});
