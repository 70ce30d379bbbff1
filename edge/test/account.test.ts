import { describe, expect, it } from "vitest";
import { createAccount, mailboxToken } from "./account-fixtures.ts";
import { Shopper, type ErrorJson } from "./cart-fixtures.ts";

/**
 * The account JSON API in workerd, against the real customers service the test stack started
 * (edge/test/global-setup.ts). Each test uses its own email, so tests never share an account.
 */
const uniqueEmail = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@Example.com`;
const PASSWORD = "a fine long password";

interface MeJson {
  customer: { id: string; email: string; name: string | null } | null;
}

async function me(shopper: Shopper): Promise<MeJson["customer"]> {
  return (await (await shopper.fetch("/api/account/me")).json<MeJson>()).customer;
}

describe("account API: sign-up, sign-in, sign-out", () => {
  it("signs a new customer up and in through the emailed link, with a lower-cased email", async () => {
    const shopper = new Shopper();
    const email = uniqueEmail("ada");
    const asked = await shopper.json("/api/account/signup", "POST", { email, password: PASSWORD, name: "Ada" });
    expect(asked.status).toBe(202);
    expect(await me(shopper)).toBeNull();
    const res = await shopper.json("/api/account/signup/complete", "POST", { token: await mailboxToken(email) });
    expect(res.status).toBe(201);
    const body = await res.json<MeJson>();
    expect(body.customer).toEqual({ id: expect.any(String), email: email.toLowerCase(), name: "Ada" });
    expect(JSON.stringify(body)).not.toContain(PASSWORD);
    expect(await me(shopper)).toEqual(body.customer);
  });

  it("issues the session cookie HttpOnly and SameSite=Lax, and keeps the session id", async () => {
    const shopper = new Shopper();
    const guest = sessionClaims(await shopper.fetch("/api/account/me"));
    const email = uniqueEmail("cookie");
    await shopper.json("/api/account/signup", "POST", { email, password: PASSWORD });
    const res = await shopper.json("/api/account/signup/complete", "POST", { token: await mailboxToken(email) });
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const customer = sessionClaims(res);
    expect(customer.sid).toBe(guest.sid);
    expect(customer.cid).toEqual(expect.any(String));
  });

  it("answers a taken email (in any letter case) exactly like a new one, and signs no one in", async () => {
    const email = uniqueEmail("twice");
    await createAccount(email, PASSWORD);
    const shopper = new Shopper();
    const taken = await shopper.json("/api/account/signup", "POST", { email: email.toUpperCase(), password: "an attacker's guess" });
    const fresh = await new Shopper().json("/api/account/signup", "POST", { email: uniqueEmail("fresh"), password: PASSWORD });
    expect([taken.status, fresh.status]).toEqual([202, 202]);
    expect(await taken.text()).toBe(await fresh.text());
    expect(await me(shopper)).toBeNull();
  });

  it("names the offending field for bad input, without calling it a server error", async () => {
    const shopper = new Shopper();
    const short = await shopper.json("/api/account/signup", "POST", { email: uniqueEmail("short"), password: "short" });
    expect(short.status).toBe(400);
    expect((await short.json<ErrorJson>()).error.message).toMatch(/^password/);
    const badEmail = await shopper.json("/api/account/signin", "POST", { email: "not-an-email", password: PASSWORD });
    expect(badEmail.status).toBe(400);
    expect((await badEmail.json<ErrorJson>()).error.message).toMatch(/^email/);
    const notJson = await shopper.fetch("/api/account/signin", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(notJson.status).toBe(400);
  });

  it("signs in from another browser with any letter case, and answers a wrong password like an unknown email", async () => {
    const email = uniqueEmail("grace");
    const created = { customer: await me(await createAccount(email, PASSWORD)) };

    const other = new Shopper();
    const ok = await other.json("/api/account/signin", "POST", { email: email.toUpperCase(), password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(await me(other)).toEqual(created.customer);

    const wrong = await new Shopper().json("/api/account/signin", "POST", { email, password: "not the password" });
    const unknown = await new Shopper().json("/api/account/signin", "POST", { email: uniqueEmail("nobody"), password: PASSWORD });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual(await wrong.json());
  });

  it("signs out into a brand-new guest session", async () => {
    const shopper = new Shopper();
    const email = uniqueEmail("leaving");
    await shopper.json("/api/account/signup", "POST", { email, password: PASSWORD });
    const before = sessionClaims(await shopper.json("/api/account/signup/complete", "POST", { token: await mailboxToken(email) }));
    const res = await shopper.json("/api/account/signout", "POST");
    const after = sessionClaims(res);
    expect(await res.json()).toEqual({ customer: null });
    expect(await me(shopper)).toBeNull();
    expect(after.sid).not.toBe(before.sid);
    expect(after.cid).toBeUndefined();
  });

  it("refuses sign-in posted from another site (login CSRF)", async () => {
    const email = uniqueEmail("csrf");
    await createAccount(email, PASSWORD);
    const victim = new Shopper();
    const res = await victim.fetch("/api/account/signin", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(res.status).toBe(403);
    expect(await me(victim)).toBeNull();
  });

  it("limits sign-in attempts per email with 429 and Retry-After", async () => {
    const email = uniqueEmail("brute");
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 12 && !limited; i++) {
      const res = await new Shopper().json("/api/account/signin", "POST", { email, password: `guess number ${i}` });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited?.json<ErrorJson>())?.error.code).toBe("RATE_LIMITED");
  });
});

/** The claims of the session cookie a response set, read (not verified) as a test may. */
function sessionClaims(res: Response): { sid?: string; cid?: string } {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("edgeshop_session="));
  if (!cookie) throw new Error(`no session cookie was set by ${res.url}`);
  const payload = cookie.split(";")[0]?.split(".")[1] ?? "";
  return JSON.parse(atob(payload.replaceAll("-", "+").replaceAll("_", "/"))) as { sid?: string; cid?: string };
}
