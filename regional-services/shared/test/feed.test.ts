import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onError } from "../../../platform/http.ts";
import type { DatabaseHandle } from "../db.ts";
import { fetchFeed, remoteFeedConsumer, withBackoff } from "../feed-client.ts";
import { feedRoute } from "../feed-route.ts";
import { appendEvent } from "../outbox.ts";
import { listen, requireSignature, type RunningServer } from "../server.ts";
import { openOutboxDatabase, outboxSchema } from "./outbox-db.ts";

/**
 * A feed end to end: `feedRoute` serving one database's outbox, `fetchFeed` and
 * `remoteFeedConsumer` reading it over HTTP into another, signed as services sign.
 */
const SECRET = "feed-test-service-secret";
type Handle = DatabaseHandle<typeof outboxSchema>;

let producer: Handle;
let consumer: Handle;
let server: RunningServer;
let url: string;

function feedApp(db: Handle["db"]) {
  const app = new Hono();
  app.onError(onError);
  feedRoute(app, db, requireSignature([SECRET]));
  return app;
}

beforeAll(async () => {
  producer = await openOutboxDatabase(outboxSchema);
  consumer = await openOutboxDatabase(outboxSchema);
  await producer.db.transaction(async (tx) => {
    for (let i = 1; i <= 5; i++) await appendEvent(tx, "thing.changed", `s${i}`, { i });
  });
  server = await listen(feedApp(producer.db), 0);
  url = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
  await producer.close();
  await consumer.close();
});

describe("GET /internal/events (feedRoute)", () => {
  const app = () => feedApp(producer.db);
  const unsignedGet = (query: string) => app().request(`/internal/events${query}`);

  it("refuses a request its guard does not accept", async () => {
    expect((await unsignedGet("?after=0")).status).toBe(401);
  });

  it("answers { events } oldest first, after a position and up to a limit", async () => {
    const events = await fetchFeed(url, SECRET, 1, 2);
    expect(events.map((e) => [e.seq, e.subject, e.payload])).toEqual([
      [2, "s2", { i: 2 }],
      [3, "s3", { i: 3 }],
    ]);
    expect(typeof events[0]?.createdAt).toBe("string");
    expect(await fetchFeed(url, SECRET, 5)).toEqual([]);
  });

  it("answers a bad after or limit with 400 naming the field", async () => {
    const plain = new Hono();
    plain.onError(onError);
    feedRoute(plain, producer.db);
    for (const [query, field] of [["?after=-1", "after"], ["?after=x", "after"], ["?limit=0", "limit"], ["?limit=1001", "limit"], ["?limit=1.5", "limit"]] as const) {
      const res = await plain.request(`/internal/events${query}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "VALIDATION_FAILED", message: expect.stringContaining(field) });
    }
    const defaults = (await (await plain.request("/internal/events")).json()) as { events: unknown[] };
    expect(defaults.events).toHaveLength(5);
  });
});

describe("fetchFeed", () => {
  it("throws with the status when the feed refuses the signature", async () => {
    await expect(fetchFeed(url, "not-the-service-secret", 0)).rejects.toThrow(/answered 401/);
  });

  it("accepts only the documented { events: [...] } shape", async () => {
    const bare = new Hono();
    bare.get("/internal/events", (c) => c.json([]));
    const other = await listen(bare, 0);
    try {
      await expect(fetchFeed(`http://127.0.0.1:${other.port}`, SECRET, 0)).rejects.toThrow(/something other than \{ events/);
    } finally {
      await other.close();
    }
  });

  it("throws when nothing listens", async () => {
    await expect(fetchFeed("http://127.0.0.1:1", SECRET, 0)).rejects.toThrow();
  });
});

describe("remoteFeedConsumer", () => {
  it("applies a remote feed once, in order, and keeps its place", async () => {
    const seen: number[] = [];
    const c = remoteFeedConsumer({ feed: "producer", db: consumer.db, baseUrl: url, secret: SECRET, apply: async (_tx, e) => void seen.push(e.seq) });
    expect(await c.pollOnce()).toBe(5);
    expect(await c.pollOnce()).toBe(0);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(await c.position()).toBe(5);
  });

  it("fails the poll, and keeps its place, while the feed is down", async () => {
    const down = remoteFeedConsumer({ feed: "producer", db: consumer.db, baseUrl: "http://127.0.0.1:1", secret: SECRET, apply: async () => undefined });
    await expect(down.pollOnce()).rejects.toThrow();
    expect(await down.position()).toBe(5);
  });
});

describe("retry pacing while a feed is down (withBackoff)", () => {
  it("asks again only after a growing pause, and resets once the feed answers", async () => {
    let clock = 0;
    let calls = 0;
    let up = false;
    const fetchEvents = withBackoff(
      async () => {
        calls++;
        if (!up) throw new Error("down");
        return [];
      },
      4_000,
      () => clock,
    );
    await expect(fetchEvents(0)).rejects.toThrow("down");
    expect(await fetchEvents(0)).toEqual([]);
    expect(calls).toBe(1);
    clock = 1_000;
    await expect(fetchEvents(0)).rejects.toThrow("down");
    clock = 2_500;
    expect(await fetchEvents(0)).toEqual([]);
    expect(calls).toBe(2);
    clock = 3_000;
    up = true;
    expect(await fetchEvents(0)).toEqual([]);
    expect(await fetchEvents(0)).toEqual([]);
    expect(calls).toBe(4);
  });

  it("never waits longer than maxMs between attempts", async () => {
    let clock = 0;
    let calls = 0;
    const fetchEvents = withBackoff(
      async () => {
        calls++;
        throw new Error("down");
      },
      4_000,
      () => clock,
    );
    for (let i = 0; i < 6; i++) {
      await expect(fetchEvents(0)).rejects.toThrow("down");
      clock += 4_000;
    }
    expect(calls).toBe(6);
  });
});
