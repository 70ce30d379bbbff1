import { describe, expect, it } from "vitest";
import { appFetch, DOWN_REGIONS } from "./catalog-helpers.ts";

/**
 * A 503 always says when to try again, wherever the outage was met. The catalog is made
 * unreachable as in catalog-cache.test.ts: REGIONS pointing at a closed loopback port.
 */
const DOWN = { REGIONS: DOWN_REGIONS };

describe("Retry-After on every 503", () => {
  it("is sent when a cart add cannot look its variant up because the catalog is down", async () => {
    // A variant id no request has looked up, so no saved copy can answer for the catalog.
    const variantId = `var_${crypto.randomUUID().slice(0, 8)}`;
    const res = await appFetch("/api/cart/items", DOWN, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ variantId, quantity: 1 }),
    });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe("SERVICE_UNAVAILABLE");
  });

  it("is sent by the cart page form when the catalog is down", async () => {
    const res = await appFetch("/cart/items", DOWN, { method: "POST", body: new URLSearchParams({ variantId: `var_${crypto.randomUUID().slice(0, 8)}`, quantity: "1" }) });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
