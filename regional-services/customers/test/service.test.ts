import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedFetch } from "../../../platform/signed-fetch.ts";
import type { RunningService } from "../../shared/server.ts";
import { createScratchDatabase, redisAvailable, type ScratchDatabase } from "../../shared/testing.ts";
import { start } from "../service.ts";
import { availableDrivers } from "./databases.ts";
import { EDGE_SECRET, json, startTestRedis, testEnv, type TestRedis } from "./harness.ts";

/**
 * `start()` as the dev runner and the Worker test stack call it: a random port, PGlite in memory
 * or Postgres through the Neon driver, Redis through the Upstash bridge; `close()` releases it all.
 */
const drivers = await availableDrivers();
const redisUp = await redisAvailable();

describe.skipIf(!redisUp).each(drivers)("customers service start() (%s)", (driver) => {
  let r: TestRedis;
  let scratch: ScratchDatabase | undefined;
  let service: RunningService;
  beforeAll(async () => {
    r = await startTestRedis();
    scratch = driver === "postgres" ? await createScratchDatabase("customers_svc") : undefined;
    const env = testEnv({ UPSTASH_REDIS_REST_URL: r.url, UPSTASH_REDIS_REST_TOKEN: "customers-test-token", ...(scratch ? { CUSTOMERS_DATABASE_URL: scratch.url } : {}) });
    service = await start({ env, memory: true, redisPrefix: `test:${crypto.randomUUID()}:` });
  });
  afterAll(async () => {
    await service.close();
    await scratch?.drop();
    await r.close();
  });

  it("listens on a random port and names itself", async () => {
    expect(service.name).toBe("customers");
    expect(service.port).toBeGreaterThan(0);
    const health = await fetch(`${service.url}/healthz`);
    expect(await health.json()).toEqual({ status: "ok", service: "customers" });
  });

  it("signs up, signs in and reads the customer over HTTP with edge-signed requests", async () => {
    const email = `svc-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const send = (path: string, body?: unknown) => signedFetch(EDGE_SECRET, service.url, path, body === undefined ? {} : { json: body });
    expect((await send("/customers/signup", { email, password: "over the wire" })).status).toBe(202);
    const { messages } = await json<{ messages: { link: string }[] }>(await send(`/internal/messages?to=${encodeURIComponent(email)}`));
    const token = new URL(messages[0]?.link ?? "", "http://localhost").searchParams.get("token");
    const complete = await send("/customers/signup/complete", { token });
    expect(complete.status).toBe(201);
    const { customer } = await json<{ customer: { id: string } }>(complete);
    const signin = await send("/customers/signin", { email, password: "over the wire" });
    expect(await signin.json()).toEqual({ customer, tags: [] });
    expect(await json<unknown>(await send(`/customers/${customer.id}`))).toEqual({ customer });
  });
});
