import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleProblems, mountedRoutes, specProblems, undocumentedRoutes } from "../../../scripts/openapi-check.ts";
import { loadEnv, serviceEnv } from "../../shared/env.ts";
import { FEED_PATH } from "../../shared/feed-route.ts";
import { createRedis } from "../../shared/redis.ts";
import type { ServiceApp } from "../../shared/server.ts";
import { startReplayBridge } from "../../shared/test-redis-bridge.ts";
import { createPaymentsApp } from "../app.ts";
import { SandboxProvider } from "../providers/sandbox.ts";
import { openTestDatabase } from "./harness.ts";

/** The payments service documents every route it mounts, as valid OpenAPI 3.1 with valid examples. */
describe("payments GET /openapi.json", () => {
  let close: () => Promise<void>;
  let app: ServiceApp;
  let doc: Parameters<typeof specProblems>[0];

  beforeAll(async () => {
    const [database, bridge] = await Promise.all([openTestDatabase("pglite"), startReplayBridge()]);
    close = async () => {
      await Promise.all([database.close(), bridge.close()]);
    };
    const raw = loadEnv({ PAYMENTS_PORT: "0", UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token });
    const provider = new SandboxProvider({ db: database.db, webhookSecret: raw.PAYMENTS_WEBHOOK_SECRET, onEvent: () => undefined });
    app = createPaymentsApp({ db: database.db, provider, env: serviceEnv("payments", raw), redis: createRedis(raw) });
    // Public and unsigned, unlike every other route but /healthz.
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

  it("says which secret each route takes, and the webhook's own signature", () => {
    const paths = doc.paths as Record<string, Record<string, { security?: unknown }>>;
    expect(paths["/payments/tokens"]?.post?.security).toEqual([{ edgeSignature: [] }]);
    expect(paths["/payments"]?.post?.security).toEqual([{ serviceSignature: [] }]);
    expect(paths["/webhooks/sandbox"]?.post?.security).toEqual([{ sandboxWebhookSignature: [] }]);
    expect(Object.keys((doc.components as { securitySchemes: object }).securitySchemes).sort()).toEqual(["edgeSignature", "sandboxWebhookSignature", "serviceSignature"]);
  });
});
