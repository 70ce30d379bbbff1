import { beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../contracts/admin/api.ts";
import { DEV_OWNER_EMAIL } from "../../platform/dev-secrets.ts";
import { AdminClient, signedInOwner, staffWithRole } from "./admin-fixtures.ts";
import { demoProducts } from "./catalog-helpers.ts";
import type { ErrorJson } from "./cart-fixtures.ts";

/**
 * The audit log: every admin change, whichever service made it, recorded with who, what, before
 * and after, when and the request id, and searchable through /admin/api/audit by the owner.
 */
type Page = { entries: AuditEntry[]; nextBefore: number | null };

let owner: AdminClient;
let slug: string;
beforeAll(async () => {
  owner = await signedInOwner();
  slug = (await demoProducts("limit=20"))[0]?.slug ?? "";
  expect(slug).not.toBe("");
});

async function search(query: string, client = owner): Promise<Page> {
  const res = await client.fetch(`/admin/api/audit?${query}`);
  if (res.status !== 200) throw new Error(`audit search answered ${res.status}: ${await res.text()}`);
  return res.json<Page>();
}

describe("the audit log", () => {
  it("records a catalog change with the member, before and after, and the request's id", async () => {
    const { staff, client } = await staffWithRole(owner, "catalog");
    const description = `Described by the audit spec ${crypto.randomUUID()}`;
    const res = await client.json("PATCH", `/admin/api/products/${slug}`, { description });
    expect(res.status).toBe(200);
    const requestId = res.headers.get("x-request-id");

    const { entries } = await search(`actor=${encodeURIComponent(staff.email)}`);
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({ actor: { kind: "staff", id: staff.id, name: staff.email }, action: "patch /products/{slug}", target: `/products/${slug}`, requestId });
    expect((entry?.before as { product: { description: string } }).product.description).not.toBe(description);
    expect((entry?.after as { product: { description: string } }).product.description).toBe(description);
    expect(Date.now() - Date.parse(entry?.at ?? "")).toBeLessThan(60_000);
  });

  it("records a creation under the new thing's id, and a refused change not at all", async () => {
    const { staff, client } = await staffWithRole(owner, "marketing");
    const refused = await client.json("PATCH", `/admin/api/products/${slug}`, { description: "marketing may not" });
    expect(refused.status).toBe(403);
    const invalid = await client.json("POST", "/admin/api/promotions", { name: "" });
    expect(invalid.status).toBe(400);
    const created = await client.json("POST", "/admin/api/promotions", {
      name: "Audit 20 %",
      activation: "code",
      codes: [`AUDIT${crypto.randomUUID().slice(0, 6).toUpperCase()}`],
      target: "order",
      effect: { kind: "percentage", basisPoints: 2000 },
    });
    const body = await created.json<{ promotion: { id: string } }>();
    expect(created.status, JSON.stringify(body)).toBe(201);
    const { entries } = await search(`actor=${encodeURIComponent(staff.id)}`);
    expect(entries.map((e) => [e.action, e.target])).toEqual([["post /promotions", `/promotions/${body.promotion.id}`]]);
    expect(entries[0]?.before).toBeNull();
  });

  it("records staff changes in their own transaction, and searches by action, target and time, a page at a time", async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const { staff } = await staffWithRole(owner, "fulfilment");
    expect((await owner.json("PATCH", `/admin/api/staff/${staff.id}`, { role: "read-only" })).status).toBe(200);
    const byTarget = await search(`target=${encodeURIComponent(`staff:${staff.id}`)}`);
    expect(byTarget.entries.map((e) => e.action)).toEqual(["staff.update", "staff.create"]);
    expect(byTarget.entries[0]).toMatchObject({ actor: { name: DEV_OWNER_EMAIL }, before: { role: "fulfilment" }, after: { role: "read-only" } });

    const first = await search(`action=staff.&from=${encodeURIComponent(since)}&limit=1`);
    expect(first.entries).toHaveLength(1);
    expect(first.nextBefore).not.toBeNull();
    const second = await search(`action=staff.&from=${encodeURIComponent(since)}&limit=1&before=${first.nextBefore}`);
    expect(second.entries[0]?.seq).toBeLessThan(first.entries[0]?.seq ?? 0);
    expect((await search(`from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).entries).toEqual([]);
  });

  it("is the owner's alone, and refuses a bad filter naming it", async () => {
    const { client } = await staffWithRole(owner, "read-only");
    expect((await client.fetch("/admin/api/audit")).status).toBe(403);
    const res = await owner.fetch("/admin/api/audit?from=yesterday&limit=500");
    expect(res.status).toBe(400);
    const { error } = await res.json<ErrorJson>();
    expect(error.message).toMatch(/from must be an ISO 8601 time/);
    expect(error.message).toMatch(/limit must be 1 to 200/);
  });
});
