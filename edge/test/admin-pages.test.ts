import { describe, expect, it } from "vitest";
import { DEV_OWNER_EMAIL, DEV_SECRETS } from "../../platform/dev-secrets.ts";
import { AdminClient, signedInOwner, staffWithRole } from "./admin-fixtures.ts";
import { a11yProblems } from "./catalog-helpers.ts";

/**
 * The admin pages, used as a browser without JavaScript uses them: forms that post, answers that
 * are pages (field errors beside their fields) or redirects, and pages only for the roles allowed.
 */
const form = (client: AdminClient, path: string, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  return client.fetch(path, { method: "POST", body });
};

describe("the admin pages", () => {
  it("signs in with a form, shows the dashboard, and signs out", async () => {
    const client = new AdminClient();
    const signIn = await client.fetch("/admin");
    expect(signIn.status).toBe(200);
    const html = await signIn.text();
    expect(a11yProblems(html)).toEqual([]);
    expect(html).toContain('action="/admin/signin"');
    expect(html).not.toMatch(/<script/);

    const wrong = await form(client, "/admin/signin", { email: DEV_OWNER_EMAIL, password: "wrong password" });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("email or password is incorrect");

    const ok = await form(client, "/admin/signin", { email: DEV_OWNER_EMAIL, password: DEV_SECRETS.DEV_OWNER_PASSWORD });
    expect([ok.status, ok.headers.get("location")]).toEqual([303, "/admin"]);
    const dashboard = await (await client.fetch("/admin")).text();
    expect(a11yProblems(dashboard)).toEqual([]);
    expect(dashboard).toContain(`Signed in as ${DEV_OWNER_EMAIL}`);
    expect(dashboard).toContain('href="/admin/audit"');

    expect((await form(client, "/admin/signout", {})).status).toBe(303);
    expect(await (await client.fetch("/admin")).text()).toContain('action="/admin/signin"');
    expect((await client.fetch("/admin/staff")).headers.get("location")).toBe("/admin");
  });

  it("lets the owner add staff, naming a bad field, and keeps the page from other roles", async () => {
    const owner = await signedInOwner();
    const bad = await form(owner, "/admin/staff", { email: "not an email", role: "catalog", password: "short" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("email must be a valid email address");
    expect(badHtml).toContain("password must be at least 8 characters");

    const email = `page-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const added = await form(owner, "/admin/staff", { email, role: "marketing", password: "marketing password", name: "" });
    expect(added.status).toBe(303);
    const list = await (await owner.fetch(added.headers.get("location") ?? "")).text();
    expect(a11yProblems(list)).toEqual([]);
    expect(list).toContain(`${email} was added.`);

    const { client: marketer } = await staffWithRole(owner, "marketing");
    const refused = await marketer.fetch("/admin/staff");
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("lacks the permission staff:read");
    expect(await (await marketer.fetch("/admin")).text()).not.toContain('href="/admin/staff"');
  });

  it("shows a new token's secret once, revokes it, and searches the audit log", async () => {
    const owner = await signedInOwner();
    const name = `page token ${crypto.randomUUID().slice(0, 6)}`;
    const created = await form(owner, "/admin/tokens", { name, scopes: ["catalog:read", "orders:read"] });
    expect(created.status).toBe(201);
    const secret = /<code>(edgeshop_at_[^<]+)<\/code>/.exec(await created.text())?.[1] ?? "";
    expect(secret).not.toBe("");
    expect(await (await owner.fetch("/admin/tokens")).text()).not.toContain(secret);
    expect((await new AdminClient(secret).fetch("/admin/api/me")).status).toBe(200);

    const id = (await (await owner.fetch("/admin/api/tokens")).json<{ tokens: { id: string; name: string }[] }>()).tokens.find((t) => t.name === name)?.id ?? "";
    expect((await form(owner, `/admin/tokens/${id}/revoke`, {})).status).toBe(303);
    expect((await new AdminClient(secret).fetch("/admin/api/me")).status).toBe(401);

    const audit = await owner.fetch(`/admin/audit?target=${encodeURIComponent(`token:${id}`)}`);
    expect(audit.status).toBe(200);
    const html = await audit.text();
    expect(a11yProblems(html)).toEqual([]);
    expect(html).toContain("token.revoke");
    expect(html).toContain("token.create");
  });

  it("refuses a form posted from another site", async () => {
    const client = new AdminClient();
    const res = await client.fetch("/admin/signin", { method: "POST", headers: { "sec-fetch-site": "cross-site" }, body: new URLSearchParams({ email: DEV_OWNER_EMAIL, password: DEV_SECRETS.DEV_OWNER_PASSWORD }) });
    expect(res.status).toBe(403);
    expect(client.cookie("edgeshop_admin")).toBeUndefined();
  });
});
