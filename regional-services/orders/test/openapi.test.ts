import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleProblems, mountedRoutes, specProblems, undocumentedRoutes } from "../../../scripts/openapi-check.ts";
import { FEED_PATH } from "../../shared/feed-route.ts";
import { openTestDatabase, ordersApp, paymentsClientFor, type OrdersApp } from "./harness.ts";

/** The orders service documents every route it mounts, as valid OpenAPI 3.1 with valid examples. */
describe("orders GET /openapi.json", () => {
  let close: () => Promise<void>;
  let app: OrdersApp;
  let doc: Parameters<typeof specProblems>[0];

  beforeAll(async () => {
    const database = await openTestDatabase("pglite");
    close = database.close;
    // No request here reaches a payment: the client points at a port nobody listens on.
    app = ordersApp(database.db, paymentsClientFor("http://127.0.0.1:9"));
    const res = await app.request("/openapi.json");
    expect(res.status).toBe(200);
    doc = (await res.json()) as typeof doc;
  });
  afterAll(() => close());

  it("is valid OpenAPI 3.1", async () => {
    expect(await specProblems(doc)).toEqual([]);
  });

  it("documents every mounted route (the shared feed route aside, declared in contracts/feed.ts)", () => {
    const missing = undocumentedRoutes(doc, mountedRoutes(app.routes)).filter((r) => r !== `GET ${FEED_PATH}`);
    expect(missing.sort()).toEqual(["GET /healthz", "GET /openapi.json"]);
  });

  it("has examples, each valid against its schema", () => {
    const { checked, problems } = exampleProblems(doc);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it("lists both signatures as alternatives on the signed routes", () => {
    const paths = doc.paths as Record<string, Record<string, { security?: unknown }>>;
    expect(paths["/orders/checkout"]?.post?.security).toEqual([{ edgeSignature: [] }, { serviceSignature: [] }]);
    expect(Object.keys((doc.components as { securitySchemes: object }).securitySchemes).sort()).toEqual(["edgeSignature", "merchantToken", "serviceSignature"]);
  });
});
