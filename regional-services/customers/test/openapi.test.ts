import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleProblems, mountedRoutes, specProblems, undocumentedRoutes } from "../../../scripts/openapi-check.ts";
import { createCustomersApp } from "../app.ts";
import { signInLimiter } from "../sign-in-limit.ts";
import { signUpLimiter } from "../sign-up-limit.ts";
import { openTestDatabase, type TestDatabase } from "./databases.ts";
import { EDGE_SECRET, MERCHANT_TOKEN } from "./harness.ts";

type Doc = Parameters<typeof specProblems>[0];

describe("the customers' GET /openapi.json", () => {
  let t: TestDatabase;
  let app: ReturnType<typeof createCustomersApp>;
  let doc: Doc;
  beforeAll(async () => {
    t = await openTestDatabase("pglite");
    // No request here reaches a limiter: the document is all that is read.
    const check = async () => ({ allowed: true, retryAfterMs: 0 });
    app = createCustomersApp({ db: t.db, limiter: signInLimiter(check), signUpLimiter: signUpLimiter(check), devMailbox: true, signingSecrets: [EDGE_SECRET], merchantToken: MERCHANT_TOKEN, edgeSecrets: [EDGE_SECRET] });
    const res = await app.request("/openapi.json");
    expect(res.status).toBe(200);
    doc = (await res.json()) as Doc;
  });
  afterAll(() => t.close());

  it("is valid OpenAPI 3.1, served unsigned", async () => {
    expect(await specProblems(doc)).toEqual([]);
  });

  it("documents every mounted route, the development mailbox included", () => {
    expect(undocumentedRoutes(doc, mountedRoutes(app.routes))).toEqual(["GET /healthz", "GET /openapi.json"]);
    expect(Object.keys(doc.paths ?? {})).toContain("/internal/messages");
  });

  it("has examples, each valid against its schema", () => {
    const { checked, problems } = exampleProblems(doc);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });
});
