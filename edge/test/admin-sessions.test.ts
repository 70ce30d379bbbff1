import { env } from "cloudflare:workers";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../contracts/admin/actor.ts";
import { DEV_OWNER_EMAIL } from "../../platform/dev-secrets.ts";
import { ADMIN_COOKIE } from "../src/admin/session.ts";
import { AdminClient, signedIn, signedInOwner, staffWithRole } from "./admin-fixtures.ts";
import { Shopper, type ErrorJson } from "./cart-fixtures.ts";

/**
 * Staff sessions: a cookie of their own, verified at the edge, that times out when idle, ends at
 * sign-out wherever it was copied to, ends everywhere on request, and ends when an owner changes
 * the member's role.
 */
const me = async (client: AdminClient) => client.fetch("/admin/api/me");

async function forgedCookie(claims: { sat: number; iat: number; exp: number }, audience = "edgeshop-admin"): Promise<string> {
  return new SignJWT({ sid: crypto.randomUUID(), stf: "someone", email: DEV_OWNER_EMAIL, role: "owner", sat: claims.sat })
    .setProtectedHeader({ alg: "HS256" })
    .setAudience(audience)
    .setIssuedAt(claims.iat)
    .setExpirationTime(claims.exp)
    .sign(new TextEncoder().encode(env.SESSION_SECRET));
}

let owner: AdminClient;
beforeAll(async () => {
  owner = await signedInOwner();
});

describe("admin sign-in", () => {
  it("sets an HttpOnly, SameSite=Strict cookie for /admin only, with the idle timeout as its age", async () => {
    const client = new AdminClient();
    const res = await client.json("POST", "/admin/api/session", { email: DEV_OWNER_EMAIL.toUpperCase(), password: "dev-owner-password-change-me" });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${ADMIN_COOKIE}=`)) ?? "";
    expect(cookie).toMatch(/; Max-Age=1800/);
    expect(cookie).toMatch(/; Path=\/admin/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("edgeshop_session="))).toBe(false);
    const actor = (await (await me(client)).json<{ actor: Actor }>()).actor;
    expect(actor).toMatchObject({ kind: "staff", email: DEV_OWNER_EMAIL, role: "owner" });
  });

  it("refuses a wrong password with 401 and no cookie, and a sign-in from another site", async () => {
    const client = new AdminClient();
    const res = await client.json("POST", "/admin/api/session", { email: DEV_OWNER_EMAIL, password: "not the password" });
    expect(res.status).toBe(401);
    expect((await res.json<ErrorJson>()).error.code).toBe("INVALID_CREDENTIALS");
    expect(client.cookie(ADMIN_COOKIE)).toBeUndefined();
    const crossSite = await client.fetch("/admin/api/session", {
      method: "POST",
      headers: { "content-type": "application/json", "sec-fetch-site": "cross-site" },
      body: JSON.stringify({ email: DEV_OWNER_EMAIL, password: "dev-owner-password-change-me" }),
    });
    expect(crossSite.status).toBe(403);
  });

  it("never takes a shopper's session cookie, an idle-expired one or one past twelve hours", async () => {
    const shopper = new Shopper();
    await shopper.cart();
    const now = Math.floor(Date.now() / 1000);
    const cookies = [
      await forgedCookie({ sat: Date.now(), iat: now, exp: now + 60 }, "someone-else"),
      await forgedCookie({ sat: Date.now() - 31 * 60_000, iat: now - 31 * 60, exp: now - 60 }),
      await forgedCookie({ sat: Date.now() - 13 * 3600_000, iat: now, exp: now + 1800 }),
    ];
    for (const value of cookies) {
      const client = new AdminClient();
      client.setCookie(ADMIN_COOKIE, value);
      expect((await me(client)).status).toBe(401);
    }
  });

  it("refuses bad sign-in input with a 400 naming the field, never a 500", async () => {
    const client = new AdminClient();
    const notJson = await client.fetch("/admin/api/session", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(notJson.status).toBe(400);
    const missing = await client.json("POST", "/admin/api/session", { password: "x" });
    expect(missing.status).toBe(400);
    expect((await missing.json<ErrorJson>()).error.message).toMatch(/email/);
    const badToken = await new AdminClient("not-an-edgeshop-token").fetch("/admin/api/me");
    expect(badToken.status).toBe(401);
  });

  it("slides the idle timeout: a live cookie a few minutes old is re-issued", async () => {
    const now = Math.floor(Date.now() / 1000);
    const me0 = (await (await me(owner)).json<{ actor: Actor }>()).actor;
    const client = new AdminClient();
    const old = await new SignJWT({ sid: crypto.randomUUID(), stf: me0.id, email: DEV_OWNER_EMAIL, role: "owner", sat: Date.now() - 5 * 60_000 })
      .setProtectedHeader({ alg: "HS256" })
      .setAudience("edgeshop-admin")
      .setIssuedAt(now - 5 * 60)
      .setExpirationTime(now + 25 * 60)
      .sign(new TextEncoder().encode(env.SESSION_SECRET));
    client.setCookie(ADMIN_COOKIE, old);
    const res = await me(client);
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${ADMIN_COOKIE}=`) && /Max-Age=1800/.test(c))).toBe(true);
    expect(client.cookie(ADMIN_COOKIE)).not.toBe(old);
  });

  it("refuses a write from another site made with the cookie, not one made with a token", async () => {
    const res = await owner.fetch("/admin/api/tokens", { method: "POST", headers: { "content-type": "application/json", "sec-fetch-site": "cross-site" }, body: "{}" });
    expect(res.status).toBe(403);
    expect((await res.json<ErrorJson>()).error.code).toBe("CROSS_SITE_REQUEST");
    // A script's token is no ambient credential of a browser: it may call from anywhere.
    const created = await owner.json("POST", "/admin/api/tokens", { name: "cross-site script", scopes: ["staff:write"] });
    const script = new AdminClient((await created.json<{ secret: string }>()).secret);
    const fromElsewhere = await script.fetch("/admin/api/tokens", { method: "POST", headers: { "content-type": "application/json", "sec-fetch-site": "cross-site" }, body: "{}" });
    expect([fromElsewhere.status, (await fromElsewhere.json<ErrorJson>()).error.code]).toEqual([400, "VALIDATION_FAILED"]);
  });
});

describe("ending admin sessions", () => {
  /** A second browser holding a copy of `client`'s admin cookie (a captured cookie). */
  function copyOf(client: AdminClient): AdminClient {
    const copy = new AdminClient();
    copy.setCookie(ADMIN_COOKIE, client.cookie(ADMIN_COOKIE) ?? "");
    return copy;
  }

  it("sign-out ends the session, also in a copy of its cookie, and leaves the member's other sessions", async () => {
    const { staff, password, client } = await staffWithRole(owner, "catalog");
    const elsewhere = await signedIn(staff.email, password);
    const copy = copyOf(client);
    expect((await me(copy)).status).toBe(200);
    expect((await client.json("DELETE", "/admin/api/session")).status).toBe(200);
    expect((await me(client)).status).toBe(401);
    expect((await me(copy)).status).toBe(401);
    expect((await me(elsewhere)).status).toBe(200);
  });

  it("sign-out everywhere ends every session of the member, and a new sign-in works", async () => {
    const { staff, password, client } = await staffWithRole(owner, "fulfilment");
    const elsewhere = await signedIn(staff.email, password);
    expect((await client.json("POST", "/admin/api/session/everywhere")).status).toBe(200);
    expect((await me(client)).status).toBe(401);
    expect((await me(elsewhere)).status).toBe(401);
    expect((await me(await signedIn(staff.email, password))).status).toBe(200);
  });

  it("an owner's role change ends the member's sessions; disabling them stops their sign-in too", async () => {
    const { staff, password, client } = await staffWithRole(owner, "read-only");
    expect((await client.json("POST", "/admin/api/promotions", {})).status).toBe(403);
    expect((await owner.json("PATCH", `/admin/api/staff/${staff.id}`, { role: "marketing" })).status).toBe(200);
    expect((await me(client)).status).toBe(401);
    const promoted = await signedIn(staff.email, password);
    expect((await (await me(promoted)).json<{ actor: Actor }>()).actor).toMatchObject({ role: "marketing" });
    expect((await promoted.json("POST", "/admin/api/promotions", {})).status).toBe(400);

    expect((await owner.json("PATCH", `/admin/api/staff/${staff.id}`, { disabled: true })).status).toBe(200);
    expect((await me(promoted)).status).toBe(401);
    const again = await new AdminClient().json("POST", "/admin/api/session", { email: staff.email, password });
    expect(again.status).toBe(401);
  });
});
