import { beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../contracts/admin/api.ts";
import { jsonChanges } from "../src/admin/json-diff.ts";
import { AdminClient, ownerAndMember } from "./admin-fixtures.ts";
import { a11yProblems } from "./catalog-helpers.ts";

/**
 * Searching the audit log in the admin: by who, what, on what, which days and which request, in
 * the JSON API and on the page, where each entry shows what changed from before to after.
 */
let owner: AdminClient;
let marketer: AdminClient;
let marketerEmail: string;
beforeAll(async () => {
  ({ owner, member: marketer, memberEmail: marketerEmail } = await ownerAndMember("marketing"));
});

const today = () => new Date().toISOString().slice(0, 10);
const fieldError = (html: string, field: string) => new RegExp(`<p class="field-error" id="${field}-error">([^<]+)</p>`).exec(html)?.[1];

/** A promotion made and paused by the marketer through the JSON API: answers the pause's request id. */
async function pausedPromotion(): Promise<{ id: string; pauseRequestId: string }> {
  const code = `AUDIT${crypto.randomUUID().replaceAll("-", "").slice(0, 8).toUpperCase()}`;
  const created = await marketer.json("POST", "/admin/api/promotions", { name: "Audit search", status: "active", activation: "code", codes: [code], target: "order", effect: { kind: "percentage", basisPoints: 1000 } });
  expect(created.status).toBe(201);
  const { promotion } = await created.json<{ promotion: { id: string } }>();
  const paused = await marketer.json("POST", `/admin/api/promotions/${promotion.id}/pause`);
  expect(paused.status).toBe(200);
  return { id: promotion.id, pauseRequestId: paused.headers.get("x-request-id") ?? "" };
}

describe("what changed, leaf by leaf", () => {
  it("lists each changed, added and removed leaf with its path", () => {
    expect(jsonChanges({ p: { status: "active", codes: ["A", "B"], name: "x" } }, { p: { status: "paused", codes: ["A"], name: "x", limits: {} } })).toEqual([
      { path: "p.status", before: "active", after: "paused" },
      { path: "p.codes.1", before: "B", after: undefined },
      { path: "p.limits", before: undefined, after: {} },
    ]);
  });

  it("shows a creation as every leaf added, and a value that did not change as no change", () => {
    expect(jsonChanges(null, { role: "marketing", disabled: false })).toEqual([
      { path: "role", before: undefined, after: "marketing" },
      { path: "disabled", before: undefined, after: false },
    ]);
    expect(jsonChanges({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([]);
    expect(jsonChanges("old", "new")).toEqual([{ path: "(whole value)", before: "old", after: "new" }]);
  });
});

describe("the audit search", () => {
  it("finds a change by the request id that made it, in the API and on the page", async () => {
    const { id, pauseRequestId } = await pausedPromotion();
    expect(pauseRequestId).not.toBe("");
    const res = await owner.fetch(`/admin/api/audit?requestId=${encodeURIComponent(pauseRequestId)}`);
    const { entries } = await res.json<{ entries: AuditEntry[] }>();
    expect(entries.map((e) => [e.action, e.target, e.actor.name])).toEqual([["post /promotions/{id}/pause", `/promotions/${id}/pause`, marketerEmail]]);

    const page = await owner.fetch(`/admin/audit?requestId=${encodeURIComponent(pauseRequestId)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(a11yProblems(html)).toEqual([]);
    expect(html).toContain(`<td>post /promotions/{id}/pause</td>`);
    expect(html).toContain(`<td>staff ${marketerEmail}</td>`);
    // What changed, readable: the status went from active to paused.
    expect(html).toContain("<td>promotion.status</td><td>&quot;active&quot;</td><td>&quot;paused&quot;</td>");
    expect(html).not.toContain("post /promotions</td>");
  });

  it("searches by who, what, on what and a day range together", async () => {
    const { id } = await pausedPromotion();
    const search = (query: Record<string, string>) => owner.fetch(`/admin/audit?${new URLSearchParams(query)}`).then((r) => r.text());
    const both = await search({ actor: marketerEmail, target: `/promotions/${id}`, from: today(), to: today() });
    expect(both).toContain("<td>post /promotions</td>");
    expect(both).toContain("<td>post /promotions/{id}/pause</td>");
    const creations = await search({ actor: marketerEmail, action: "post /promotions/{id}/", target: `/promotions/${id}` });
    expect(creations).not.toContain("<td>post /promotions</td>");
    expect(creations).toContain("<td>post /promotions/{id}/pause</td>");
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await search({ target: `/promotions/${id}`, from: tomorrow })).toContain("No entries match.");
  });

  it("names a bad filter beside its field on the page, and in the API", async () => {
    const page = await owner.fetch("/admin/audit?from=yesterday&actor=someone");
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(fieldError(html, "from")).toContain("from must be an ISO 8601 time");
    expect(html).toContain('value="someone"');
    const api = await owner.fetch(`/admin/api/audit?requestId=${"x".repeat(201)}`);
    expect(api.status).toBe(400);
    expect(await api.text()).toContain("requestId");
  });
});
