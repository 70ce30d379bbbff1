import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("edge health", () => {
  it("answers /healthz with ok", async () => {
    const res = await exports.default.fetch("http://localhost/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", service: "edge" });
  });

  it("answers unknown routes with the JSON error shape", async () => {
    const res = await exports.default.fetch("http://localhost/nope");
    expect(res.status).toBe(404);
    const body = await res.json<{ error: { code: string } }>();
    expect(body.error.code).toBe("NOT_FOUND");
  });
});
