import { describe, expect, it } from "vitest";
import { DEV_SECRETS } from "../../../platform/dev-secrets.ts";
import { devSecretsIn, loadEnv, serviceEnv } from "../env.ts";

/** Real-looking values for every service secret, as production sets them. */
const REAL = {
  EDGE_SIGNING_SECRET: "prod-edge-0123456789abcdef",
  SERVICE_SIGNING_SECRET: "prod-service-0123456789abcdef",
  MERCHANT_TOKEN: "prod-merchant-0123456789abcdef",
  PAYMENTS_WEBHOOK_SECRET: "prod-webhook-0123456789abcdef",
  UPSTASH_REDIS_REST_TOKEN: "prod-upstash-0123456789abcdef",
};

describe("the services' environment", () => {
  it("runs on embedded dev defaults with nothing set, outside production", () => {
    const raw = loadEnv({});
    expect(raw.EDGE_SIGNING_SECRET).toBe(DEV_SECRETS.EDGE_SIGNING_SECRET);
    expect(devSecretsIn(raw)).toHaveLength(5);
    expect(serviceEnv("orders", raw).port).toBe(8802);
  });

  it("refuses to start in production while any secret is the published dev value, naming each", () => {
    expect(() => loadEnv({ NODE_ENV: "production" })).toThrow(
      /NODE_ENV=production: EDGE_SIGNING_SECRET, SERVICE_SIGNING_SECRET, MERCHANT_TOKEN, PAYMENTS_WEBHOOK_SECRET, UPSTASH_REDIS_REST_TOKEN still have their published development value/,
    );
    const { MERCHANT_TOKEN: _left, ...allButOne } = REAL;
    expect(() => loadEnv({ NODE_ENV: "production", ...allButOne })).toThrow(/: MERCHANT_TOKEN still has its published development value/);
    expect(() => loadEnv({ NODE_ENV: "production", ...REAL, SERVICE_SIGNING_SECRET: DEV_SECRETS.SERVICE_SIGNING_SECRET })).toThrow(/SERVICE_SIGNING_SECRET/);
  });

  it("starts in production once every secret is set", () => {
    const raw = loadEnv({ NODE_ENV: "production", ...REAL });
    expect(raw.EDGE_SIGNING_SECRET).toBe(REAL.EDGE_SIGNING_SECRET);
    expect(devSecretsIn(raw)).toEqual([]);
  });

  it("still refuses a secret too short to be one", () => {
    expect(() => loadEnv({ EDGE_SIGNING_SECRET: "short" })).toThrow(/EDGE_SIGNING_SECRET/);
  });
});
