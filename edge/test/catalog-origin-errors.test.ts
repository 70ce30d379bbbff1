import { describe, expect, it } from "vitest";
import { appFetch, edge } from "./catalog-helpers.ts";

/**
 * What the edge makes of an origin that answers but refuses or fails: a refusal (4xx) reaches the
 * shopper as that 4xx, a failure (500) as a 502 that does not invite a retry. Only an outage
 * (refused connection, timeout, 502-504) is a 503 with Retry-After (catalog-cache.test.ts).
 */

// ["newest","USD","1","prod_00001"]: a key Date.parse accepts and Postgres refuses.
const CRAFTED_CURSOR = "WyJuZXdlc3QiLCJVU0QiLCIxIiwicHJvZF8wMDAwMSJd";
/** The "failing" region of vitest.config.ts: the real stack with a catalog that answers 500. */
const FAILING = { DEFAULT_REGION: "failing" };

interface ErrorJson {
  error: { code: string; message: string };
}

describe("a crafted listing cursor", () => {
  it("is a 400 naming cursor on the JSON API, not an outage", async () => {
    const res = await edge(`/api/products?sort=newest&cursor=${CRAFTED_CURSOR}`);
    expect(res.status).toBe(400);
    expect(res.headers.get("retry-after")).toBeNull();
    const body = await res.json<ErrorJson>();
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.message).toContain("cursor");
  });

  it("is a 400 page on the category listing", async () => {
    const res = await edge(`/c/apparel?sort=newest&cursor=${CRAFTED_CURSOR}`);
    expect(res.status).toBe(400);
    expect(res.headers.get("retry-after")).toBeNull();
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("cursor");
  });
});

describe("an origin that answers 500", () => {
  it("is a 502 in the JSON error shape, without Retry-After", async () => {
    const res = await appFetch("/api/products?limit=2&sort=newest", FAILING);
    expect(res.status).toBe(502);
    expect(res.headers.get("retry-after")).toBeNull();
    const body = await res.json<ErrorJson>();
    expect(body.error.code).toBe("BAD_GATEWAY");
  });

  it("is a 502 page on the category listing, without Retry-After", async () => {
    const res = await appFetch("/c/apparel", FAILING);
    expect(res.status).toBe(502);
    expect(res.headers.get("retry-after")).toBeNull();
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("Something went wrong");
  });
});
