import { createRoute, z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { onError } from "./http.ts";
import { createOpenApiApp, errorResponse, serveOpenApiDocument } from "./openapi.ts";
import { withPatternFlagsDropped } from "./openapi-patterns.ts";
import { callRoute, routePath } from "./route-client.ts";

const greetRoute = createRoute({
  method: "post",
  path: "/greetings/{name}",
  request: {
    params: z.object({ name: z.string().min(2) }),
    query: z.object({ times: z.coerce.number().int().min(1).max(3) }),
    body: { content: { "application/json": { schema: z.object({ greeting: z.string() }) } } },
  },
  responses: {
    201: { description: "made", content: { "application/json": { schema: z.object({ text: z.string() }) } } },
    400: errorResponse("bad input"),
  },
  security: [{ edgeSignature: [] }],
});

function app() {
  const a = createOpenApiApp();
  a.onError(onError);
  a.openapi(greetRoute, (c) => {
    const { name } = c.req.valid("param");
    const { times } = c.req.valid("query");
    const { greeting } = c.req.valid("json");
    return c.json({ text: `${greeting} ${name}`.repeat(times) }, 201);
  });
  serveOpenApiDocument(a, "/openapi.json", { title: "t", version: "1" }, ["edgeSignature"]);
  return a;
}

describe("routes declared once", () => {
  it("answer a failed validator with the one error shape, naming the field", async () => {
    const res = await app().request("/greetings/x?times=2", { method: "POST", body: JSON.stringify({ greeting: 1 }), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.message).toMatch(/name/);
  });

  it("document themselves as OpenAPI 3.1 with their security scheme", async () => {
    const doc = (await (await app().request("/openapi.json")).json()) as { openapi: string; paths: Record<string, unknown>; components: { securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(["/greetings/{name}"]);
    expect(Object.keys(doc.components.securitySchemes)).toEqual(["edgeSignature"]);
  });

  it("drop the flags zod-to-openapi leaves on a pattern (`^x$/u` matches nothing)", () => {
    expect(withPatternFlagsDropped({ a: [{ pattern: "^[^\\p{Cc}]*$/u" }, { pattern: "^a/b$" }] })).toEqual({ a: [{ pattern: "^[^\\p{Cc}]*$" }, { pattern: "^a/b$" }] });
  });

  it("are called through a client typed by the same declaration", async () => {
    const a = app();
    const { status, body } = await callRoute("greeter", greetRoute, { params: { name: "ada" }, query: { times: 2 }, json: { greeting: "hi" } }, async (method, path, options) =>
      a.request(path, { method, body: JSON.stringify(options.json), headers: { "content-type": "application/json" } }),
    );
    expect(status).toBe(201);
    expect(body.text).toBe("hi adahi ada");
    expect(routePath("/a/{id}", { id: "x y/z" }, { q: "1", r: undefined })).toBe("/a/x%20y%2Fz?q=1");
  });
});

describe("the OpenAPI checks every document must pass", () => {
  it("find a valid 3.1 document, its routes and its examples", async () => {
    const { specProblems, undocumentedRoutes, exampleProblems, mountedRoutes } = await import("../scripts/openapi-check.ts");
    const a = app();
    const doc = (await (await a.request("/openapi.json")).json()) as Parameters<typeof specProblems>[0];
    expect(await specProblems(doc)).toEqual([]);
    expect(undocumentedRoutes(doc, mountedRoutes(a.routes))).toEqual(["GET /openapi.json"]);
    expect(exampleProblems(doc).problems).toEqual([]);
    const broken = { ...doc, components: { schemas: { N: { type: "integer", example: "not a number" } } } };
    expect(exampleProblems(broken).problems).toHaveLength(1);
  });
});
