import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signRequest } from "../../../platform/signing.ts";
import { loadEnv, serviceEnv } from "../../shared/env.ts";
import { createRedis } from "../../shared/redis.ts";
import type { RunningService } from "../../shared/server.ts";
import { TEST_CARDS } from "../providers/sandbox-cards.ts";
import { runPayments } from "../service.ts";
import { CARD, openTestDatabase, startTestService, type OpenedDatabase, type TestService } from "./harness.ts";

/**
 * A signed request is valid for 60 s; within that window a captured write must not work twice.
 * The service remembers each used signature of a write in Redis and refuses it the second time.
 */
interface Captured {
  headers: Record<string, string>;
  body: string;
}

async function signedTokenRequest(secret: string): Promise<Captured> {
  const body = JSON.stringify({ card: TEST_CARDS.succeeds, ...CARD });
  return { body, headers: { ...(await signRequest(secret, "POST", "/payments/tokens", body)), "content-type": "application/json" } };
}

function send(url: string, captured: Captured): Promise<Response> {
  return fetch(`${url}/payments/tokens`, { method: "POST", headers: captured.headers, body: captured.body });
}

describe("replayed signed requests to payments", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService("pglite");
  });
  afterAll(() => t.close());

  it("refuses a captured POST /payments/tokens the second time, and takes a fresh signature of the same body", async () => {
    const captured = await signedTokenRequest(t.raw.EDGE_SIGNING_SECRET);
    const first = await send(t.url, captured);
    expect(first.status).toBe(201);

    const replays = await Promise.all(Array.from({ length: 4 }, () => send(t.url, captured)));
    for (const replay of replays) {
      expect(replay.status).toBe(401);
      expect(await replay.json()).toEqual({ error: { code: "BAD_SIGNATURE", message: expect.stringMatching(/replayed/) } });
    }

    const fresh = await send(t.url, await signedTokenRequest(t.raw.EDGE_SIGNING_SECRET));
    expect(fresh.status).toBe(201);
  });

  it("lets only one of many concurrent copies of a captured request through", async () => {
    const captured = await signedTokenRequest(t.raw.EDGE_SIGNING_SECRET);
    const statuses = (await Promise.all(Array.from({ length: 10 }, () => send(t.url, captured)))).map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array<number>(9).fill(401)]);
  });

  it("does not hold reads to one use", async () => {
    const path = "/internal/events?after=0";
    const headers: Record<string, string> = { ...(await signRequest(t.raw.SERVICE_SIGNING_SECRET, "GET", path, "")) };
    expect((await fetch(`${t.url}${path}`, { headers })).status).toBe(200);
    expect((await fetch(`${t.url}${path}`, { headers })).status).toBe(200);
  });
});

describe("payments without Redis", () => {
  let database: OpenedDatabase;
  let service: RunningService;
  const raw = loadEnv({ PAYMENTS_PORT: "0", HOST: "127.0.0.1" });
  beforeAll(async () => {
    database = await openTestDatabase("pglite");
    // Nothing listens on port 9: every replay check fails to reach Redis.
    const redis = createRedis({ UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9", UPSTASH_REDIS_REST_TOKEN: "x" });
    service = await runPayments({ db: database.db, env: serviceEnv("payments", raw), redis });
  });
  afterAll(async () => {
    await service.close();
    await database.close();
  });

  it("fails closed: a signed write it cannot check for replay is refused with 503, never a 500", async () => {
    const res = await send(service.url, await signedTokenRequest(raw.EDGE_SIGNING_SECRET));
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("SERVICE_UNAVAILABLE");
  });
});
