import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeActor, type Actor } from "../../../contracts/admin/actor.ts";
import type { ApiToken, Staff } from "../../../contracts/admin/api.ts";
import { DEV_OWNER_EMAIL, DEV_SECRETS } from "../../../platform/dev-secrets.ts";
import { ACTOR_HEADER, signRequest } from "../../../platform/signing.ts";
import { apiTokens, auditLog, staff } from "../schema.ts";
import { createFirstOwner, ensureDevOwner } from "../staff.ts";
import { availableDrivers, openTestDatabase, type TestDatabase } from "./databases.ts";
import { call, EDGE_SECRET, json, startTestRedis, testApp, type ErrorJson, type TestRedis } from "./harness.ts";

/**
 * Staff accounts, roles and API tokens on the customers service, as the edge calls it: every
 * merchant route signed by the edge with the actor it verified, and checked here again.
 */
const drivers = await availableDrivers();

describe.each(drivers)("staff accounts and API tokens (%s)", (driver) => {
  let t: TestDatabase;
  let redis: TestRedis;
  let app: ReturnType<typeof testApp>;
  let owner: Actor;

  /** A request as the edge sends it for `actor`; `actor: null` sends none, `secret: null` no signature. */
  async function as(actor: Actor | null, method: string, path: string, body?: unknown, secret: string | null = EDGE_SECRET): Promise<Response> {
    const text = body === undefined ? "" : JSON.stringify(body);
    const headers: Record<string, string> = { "content-type": "application/json" };
    const actorHeader = actor ? encodeActor(actor) : undefined;
    if (actorHeader) headers[ACTOR_HEADER] = actorHeader;
    if (secret) Object.assign(headers, await signRequest(secret, method, path, text, { actor: actorHeader }));
    return app.request(path, { method, headers, ...(text === "" ? {} : { body: text }) });
  }

  const signIn = (email: string, password: string) => call(app, "POST", "/staff/signin", { email, password, clientKey: `test-${driver}` });

  beforeAll(async () => {
    [t, redis] = await Promise.all([openTestDatabase(driver), startTestRedis()]);
    app = testApp(t.db, redis.redis);
    await ensureDevOwner(t.db);
    const res = await signIn(DEV_OWNER_EMAIL, DEV_SECRETS.DEV_OWNER_PASSWORD);
    const me = (await json<{ staff: Staff }>(res)).staff;
    owner = { kind: "staff", id: me.id, email: me.email, role: me.role };
  });
  afterAll(async () => {
    await Promise.all([t.close(), redis.close()]);
  });

  it("makes the dev owner once, and the one-time first-owner command refuses while an owner exists", async () => {
    expect(owner.kind === "staff" && owner.role).toBe("owner");
    expect(await ensureDevOwner(t.db)).toMatchObject({ created: false });
    await expect(createFirstOwner(t.db, { email: "second@example.com", name: undefined, password: "another password" })).rejects.toThrow(/an owner already exists/);
  });

  it("signs staff in with their password, and answers a wrong one, an unknown email and a disabled member alike", async () => {
    const created = await as(owner, "POST", "/merchant/staff", { email: "Mia@Example.com", role: "marketing", password: "mia's password" });
    expect(created.status).toBe(201);
    const mia = (await json<{ staff: Staff }>(created)).staff;
    expect(mia).toMatchObject({ email: "mia@example.com", role: "marketing", disabled: false });
    expect(JSON.stringify(mia)).not.toContain("scrypt");

    expect((await signIn("mia@example.com", "mia's password")).status).toBe(200);
    const refusals = [await signIn("mia@example.com", "wrong password"), await signIn("nobody@example.com", "mia's password")];
    expect((await as(owner, "PATCH", `/merchant/staff/${mia.id}`, { disabled: true })).status).toBe(200);
    refusals.push(await signIn("mia@example.com", "mia's password"));
    for (const res of refusals) {
      expect(res.status).toBe(401);
      expect((await json<ErrorJson>(res)).error.code).toBe("INVALID_CREDENTIALS");
    }
  });

  it("answers 401 without an actor or signature and 403 for a role without the permission, changing nothing", async () => {
    const marketer: Actor = { kind: "staff", id: "m1", email: "m@example.com", role: "marketing" };
    const before = (await t.db.select().from(staff)).length;
    const attempts = [
      [await as(null, "GET", "/merchant/staff"), 401],
      [await as(owner, "GET", "/merchant/staff", undefined, null), 401],
      [await as(owner, "GET", "/merchant/staff", undefined, "not-the-edge-secret"), 401],
      [await as(marketer, "GET", "/merchant/staff"), 403],
      [await as(marketer, "POST", "/merchant/staff", { email: "x@example.com", role: "owner", password: "promote me now" }), 403],
      [await as(marketer, "POST", "/merchant/tokens", { name: "mine", scopes: ["staff:write"] }), 403],
    ] as const;
    for (const [res, status] of attempts) expect(res.status).toBe(status);
    // The shared MERCHANT_TOKEN of before never reached staff or tokens.
    const legacy = await app.request("/merchant/staff", { headers: { authorization: `Bearer ${DEV_SECRETS.MERCHANT_TOKEN}` } });
    expect(legacy.status).toBe(403);
    expect((await t.db.select().from(staff)).length).toBe(before);
  });

  it("refuses bad input naming the field", async () => {
    const res = await as(owner, "POST", "/merchant/staff", { email: "r@example.com", role: "admin", password: "short" });
    expect(res.status).toBe(400);
    const { error } = await json<ErrorJson>(res);
    expect(error.message).toMatch(/role must be one of owner, catalog, marketing, fulfilment, read-only/);
    expect(error.message).toMatch(/password must be at least 8 characters/);
    expect((await as(owner, "POST", "/merchant/staff", { email: DEV_OWNER_EMAIL, role: "catalog", password: "long enough" })).status).toBe(409);
  });

  it("never leaves the shop without an active owner", async () => {
    const demoteSelf = await as(owner, "PATCH", `/merchant/staff/${owner.id}`, { role: "read-only" });
    expect(demoteSelf.status).toBe(409);
    expect((await json<ErrorJson>(demoteSelf)).error.code).toBe("LAST_OWNER");
    const other = await as(owner, "POST", "/merchant/staff", { email: "co-owner@example.com", role: "owner", password: "co-owner password" });
    const coOwner = (await json<{ staff: Staff }>(other)).staff;
    // Each tries to demote the other at once: one of them stays owner.
    const a: Actor = owner;
    const b: Actor = { kind: "staff", id: coOwner.id, email: coOwner.email, role: "owner" };
    const results = await Promise.all([as(a, "PATCH", `/merchant/staff/${coOwner.id}`, { role: "catalog" }), as(b, "PATCH", `/merchant/staff/${owner.id}`, { role: "catalog" })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const owners = (await t.db.select().from(staff).where(eq(staff.role, "owner"))).filter((row) => row.disabledAt === null);
    expect(owners).toHaveLength(1);
    owner = { kind: "staff", id: owners[0]?.id ?? "", email: owners[0]?.email ?? "", role: "owner" };
  });

  it("shows a token's secret once, stores only its hash, and stops it at once when revoked", async () => {
    const created = await as(owner, "POST", "/merchant/tokens", { name: "ci deploy", scopes: ["catalog:read", "catalog:write", "catalog:write"] });
    expect(created.status).toBe(201);
    const { token, secret } = await json<{ token: ApiToken; secret: string }>(created);
    expect(secret).toMatch(/^edgeshop_at_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ name: "ci deploy", scopes: ["catalog:read", "catalog:write"], revoked: false });

    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, token.id));
    expect(row?.tokenHash).not.toContain(secret);
    const listed = await (await as(owner, "GET", "/merchant/tokens")).text();
    expect(listed).toContain(token.id);
    expect(listed).not.toContain(secret);

    const verified = await call(app, "POST", "/staff/tokens/verify", { secret });
    expect(await json(verified)).toEqual({ actor: { kind: "token", id: token.id, name: "ci deploy", scopes: ["catalog:read", "catalog:write"] } });
    expect((await call(app, "POST", "/staff/tokens/verify", { secret: `${secret}x` })).status).toBe(401);

    expect((await as(owner, "POST", `/merchant/tokens/${token.id}/revoke`)).status).toBe(200);
    expect((await call(app, "POST", "/staff/tokens/verify", { secret })).status).toBe(401);
    // A token scoped to the catalog cannot make itself a staff member.
    const scoped: Actor = { kind: "token", id: token.id, name: token.name, scopes: token.scopes };
    expect((await as(scoped, "POST", "/merchant/staff", { email: "t@example.com", role: "owner", password: "long enough" })).status).toBe(403);
  });

  it("ends the tokens a member made when the member is switched off or stops being an owner, and no one else's", async () => {
    const email = `olga-${driver}@example.com`;
    const made = await as(owner, "POST", "/merchant/staff", { email, role: "owner", password: "olga's long password" });
    expect(made.status).toBe(201);
    const olga = (await json<{ staff: Staff }>(made)).staff;
    const olgaActor: Actor = { kind: "staff", id: olga.id, email, role: "owner" };
    const tokenOf = async (who: Actor, name: string) => (await json<{ token: ApiToken; secret: string }>(await as(who, "POST", "/merchant/tokens", { name, scopes: ["catalog:read"] }))).secret;
    const [hers, mine] = [await tokenOf(olgaActor, "olga's script"), await tokenOf(owner, "owner's script")];
    const verifies = async (secret: string) => (await call(app, "POST", "/staff/tokens/verify", { secret })).status;
    expect([await verifies(hers), await verifies(mine)]).toEqual([200, 200]);

    expect((await as(owner, "PATCH", `/merchant/staff/${olga.id}`, { role: "marketing" })).status).toBe(200);
    expect([await verifies(hers), await verifies(mine)]).toEqual([401, 200]);
    const revokedBy = await t.db.select().from(auditLog).where(eq(auditLog.action, "token.revoke"));
    expect(revokedBy.some((r) => (r.after as ApiToken).name === "olga's script" && (r.after as ApiToken).revoked)).toBe(true);

    // Switched off: a token made while she was owner again ends too.
    expect((await as(owner, "PATCH", `/merchant/staff/${olga.id}`, { role: "owner" })).status).toBe(200);
    const again = await tokenOf(olgaActor, "olga's second script");
    expect((await as(owner, "PATCH", `/merchant/staff/${olga.id}`, { disabled: true })).status).toBe(200);
    expect([await verifies(again), await verifies(mine)]).toEqual([401, 200]);
  });

  it("records each change with its actor, before and after, and request id", async () => {
    const rows = await t.db.select().from(auditLog).orderBy(auditLog.seq);
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["staff.create", "staff.update", "token.create", "token.revoke"]));
    const disabled = rows.find((r) => r.action === "staff.update" && (r.after as Staff).disabled);
    expect(disabled).toMatchObject({ actorKind: "staff", before: { disabled: false }, after: { disabled: true } });
    expect(disabled?.requestId).toMatch(/.+/);
    // Refused attempts change nothing, so they record nothing.
    expect(rows.filter((r) => r.after && (r.after as { email?: string }).email === "x@example.com")).toEqual([]);
  });
});
