import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signRequest } from "../../../platform/signing.ts";
import { errorOf, openFixture, type CatalogFixture } from "./fixture.ts";

let f: CatalogFixture;
beforeAll(async () => {
  f = await openFixture({ products: 5 });
});
afterAll(() => f.close());

const PATH = "/catalog/products?limit=2";

describe("signed requests", () => {
  it("answers /healthz without a signature", async () => {
    const res = await f.app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", service: "catalog" });
  });

  it("refuses an unsigned request to the catalog and to the feed", async () => {
    for (const path of [PATH, "/catalog/version", "/catalog/categories", "/internal/events"]) {
      const res = await f.app.request(path);
      expect(res.status).toBe(401);
      expect(await errorOf(res)).toEqual({ code: "BAD_SIGNATURE", message: "request is not signed" });
    }
  });

  it("refuses a request signed with the wrong secret", async () => {
    const res = await f.app.request(PATH, { headers: { ...(await signRequest("not-the-edge-secret-at-all", "GET", PATH, "")) } });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toBe("signature does not match");
  });

  it("refuses a signature made 61 seconds ago", async () => {
    const stale = await signRequest(f.env.raw.EDGE_SIGNING_SECRET, "GET", PATH, "", Date.now() - 61_000);
    const res = await f.app.request(PATH, { headers: { ...stale } });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toBe("signature has expired");
  });

  it("refuses a signature made for another path", async () => {
    const res = await f.app.request(PATH, { headers: { ...(await signRequest(f.env.raw.EDGE_SIGNING_SECRET, "GET", "/catalog/version", "")) } });
    expect(res.status).toBe(401);
  });

  it("accepts the edge's signature and a sibling service's", async () => {
    for (const secret of [f.env.raw.EDGE_SIGNING_SECRET, f.env.raw.SERVICE_SIGNING_SECRET]) {
      const res = await f.app.request(PATH, { headers: { ...(await signRequest(secret, "GET", PATH, "")) } });
      expect(res.status).toBe(200);
    }
  });
});

describe("merchant token", () => {
  const slug = () => f.catalog.products[0]?.slug ?? "";

  it("is required: none is a 401", async () => {
    const res = await f.app.request(`/merchant/products/${slug()}`, { method: "PATCH", body: "{}" });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("UNAUTHORIZED");
  });

  it("must be right: a wrong one is a 403", async () => {
    const res = await f.merchant("PATCH", `/merchant/products/${slug()}`, { title: "Hijacked" }, "wrong-token-wrong-token");
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("FORBIDDEN");
    expect(((await (await f.get(`/catalog/products/${slug()}`)).json()) as { product: { title: string } }).product.title).not.toBe("Hijacked");
  });

  it("must be a Bearer token", async () => {
    const res = await f.app.request(`/merchant/products/${slug()}`, { headers: { authorization: `Basic ${f.env.raw.MERCHANT_TOKEN}` } });
    expect(res.status).toBe(401);
  });

  it("is enough on its own: merchant routes need no request signature", async () => {
    const res = await f.merchant("GET", `/merchant/products/${slug()}`);
    expect(res.status).toBe(200);
  });
});
