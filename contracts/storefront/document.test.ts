import { describe, expect, it } from "vitest";
import { exampleProblems, mountedRoutes, specProblems, undocumentedRoutes } from "../../scripts/openapi-check.ts";
import { storefrontDocument, STOREFRONT_ROUTES } from "./routes.ts";

/**
 * The storefront API's document (the edge serves exactly this at /api/openapi.json, which
 * edge/test/api-document.test.ts asserts): valid OpenAPI 3.1, covering every JSON route the edge
 * mounts under /api/, with every example valid against its schema.
 */
type Doc = Parameters<typeof specProblems>[0];
const doc = storefrontDocument() as unknown as Doc;

describe("the storefront API document", () => {
  it("is valid OpenAPI 3.1", async () => {
    expect(await specProblems(doc)).toEqual([]);
  });

  it("documents every JSON route the edge mounts under /api/", async () => {
    // Imported by a computed name: the Node type-check (tsconfig.json) must not follow it into
    // the Worker's sources, which tsconfig.worker.json checks with the Workers types.
    const edgeApp = "../../edge/src/app.ts";
    const { app } = (await import(/* @vite-ignore */ edgeApp)) as { app: { routes: { method: string; path: string }[] } };
    const api = mountedRoutes(app.routes).filter((r) => r.path.startsWith("/api/"));
    expect(api.length).toBeGreaterThanOrEqual(STOREFRONT_ROUTES.length);
    // The document and the reference page describe the API; they are not part of it.
    expect(undocumentedRoutes(doc, api)).toEqual(["GET /api/openapi.json", "GET /api/docs", "GET /api/docs/init.js", "GET /api/docs/:file"]);
  });

  it("has examples, each valid against its schema", () => {
    const { checked, problems } = exampleProblems(doc);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });
});
