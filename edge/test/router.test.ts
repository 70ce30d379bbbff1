import { describe, expect, it } from "vitest";
import { app } from "../src/app.ts";
import { edge } from "./catalog-helpers.ts";

/**
 * The storefront is routed by Hono's RegExpRouter, the fastest it has; the admin and the API
 * reference, whose paths it cannot take, have a router of their own (src/split-router.ts). A new
 * storefront route that RegExpRouter cannot take would quietly slow every request down: this
 * says so instead.
 */
describe("routing", () => {
  it("routes the storefront with RegExpRouter, and the admin with whichever takes its routes", async () => {
    expect((await edge("/healthz")).status).toBe(200);
    expect((await edge("/admin/api/me")).status).toBe(401);
    expect((await edge("/api/docs/init.js")).status).toBe(200);
    expect(app.router.name).toMatch(/^SplitRouter \(SmartRouter \+ RegExpRouter; \/admin, \/api\/docs: SmartRouter \+ \w+Router\)$/);
  });

  it("answers a path that only looks like the admin's from the storefront", async () => {
    expect((await edge("/administrator")).status).toBe(404);
    expect((await edge("/admin")).status).not.toBe(404);
    expect((await edge("/api/docsx")).status).toBe(404);
  });
});
