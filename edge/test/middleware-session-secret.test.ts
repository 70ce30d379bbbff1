import { describe, expect, it } from "vitest";
import { DEV_SECRETS } from "../../platform/dev-secrets.ts";
import { appFetch } from "./catalog-helpers.ts";
import type { ErrorJson } from "./cart-fixtures.ts";

/**
 * The session cookie's key comes from a secret (never from wrangler.toml). Without one, jose would
 * happily sign with the string "undefined", which anyone can forge; the Worker refuses instead.
 */
const REAL_SECRET = "a-real-session-secret-0123456789abcdef";

async function cartWith(bindings: Partial<Env>) {
  const res = await appFetch("/api/cart", bindings);
  return { status: res.status, cookie: res.headers.getSetCookie().join(";"), body: res.status === 200 ? undefined : await res.json<ErrorJson>() };
}

describe("the session secret", () => {
  it.each([
    ["missing", { SESSION_SECRET: undefined as unknown as string }],
    ["empty", { SESSION_SECRET: "" }],
    ["too short to resist guessing", { SESSION_SECRET: "short-secret" }],
  ])("refuses to issue sessions when it is %s", async (_what, bindings) => {
    const res = await cartWith(bindings);
    expect(res.status).toBe(500);
    expect(res.body?.error.code).toBe("MISCONFIGURED");
    expect(res.cookie).not.toContain("edgeshop_session=");
  });

  it("refuses the published development value in production", async () => {
    const res = await cartWith({ ENVIRONMENT: "production", SESSION_SECRET: DEV_SECRETS.SESSION_SECRET });
    expect(res.status).toBe(500);
    expect(res.body?.error.message).toContain("published development value");
  });

  it("serves with a real secret in production, and with the dev value locally", async () => {
    expect((await cartWith({ ENVIRONMENT: "production", SESSION_SECRET: REAL_SECRET })).cookie).toContain("edgeshop_session=");
    expect((await cartWith({ ENVIRONMENT: "development", SESSION_SECRET: DEV_SECRETS.SESSION_SECRET })).status).toBe(200);
  });
});
