import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleProblems, mountedRoutes, specProblems, undocumentedRoutes } from "../../../scripts/openapi-check.ts";
import { openFixture, type CatalogFixture } from "./fixture.ts";

type Doc = Parameters<typeof specProblems>[0];

describe("the catalog's GET /openapi.json", () => {
  let f: CatalogFixture;
  let doc: Doc;
  beforeAll(async () => {
    f = await openFixture({ products: 2 });
    const res = await f.app.request("/openapi.json");
    expect(res.status).toBe(200);
    doc = (await res.json()) as Doc;
  });
  afterAll(() => f.close());

  it("is valid OpenAPI 3.1, served unsigned", async () => {
    expect(await specProblems(doc)).toEqual([]);
  });

  it("documents every mounted route", () => {
    expect(undocumentedRoutes(doc, mountedRoutes(f.app.routes))).toEqual(["GET /healthz", "GET /openapi.json"]);
  });

  it("has examples, each valid against its schema", () => {
    const { checked, problems } = exampleProblems(doc);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it("says who may call what: the edge or a sibling for reads and the feed, the merchant token for merchant routes", () => {
    const paths = doc.paths as Record<string, Record<string, { security?: unknown }>>;
    expect(paths["/catalog/products/{slug}"]?.get?.security).toEqual([{ edgeSignature: [] }, { serviceSignature: [] }]);
    expect(paths["/internal/events"]?.get?.security).toEqual([{ edgeSignature: [] }, { serviceSignature: [] }]);
    expect(paths["/merchant/products/{slug}"]?.patch?.security).toEqual([{ merchantToken: ["catalog:write"] }]);
    expect(Object.keys((doc.components as { securitySchemes: object }).securitySchemes).sort()).toEqual(["edgeSignature", "merchantToken", "serviceSignature"]);
  });
});
