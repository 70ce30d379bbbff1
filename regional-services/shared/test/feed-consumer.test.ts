import { Pool } from "@neondatabase/serverless";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/neon-serverless";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database, Transaction } from "../db.ts";
import { EventConsumer, type OutboxEvent } from "../outbox.ts";
import { createScratchDatabase, postgresAvailable, type ScratchDatabase } from "../testing.ts";
import { openOutboxDatabase, outboxSchema } from "./outbox-db.ts";

/**
 * What a feed consumer costs its database, and why it may cost so little: it trusts the cursor it
 * committed itself because it moves the cursor only from where it read it, so a second consumer
 * of the feed (another process, the orders sweep) loses the race instead of applying a page twice.
 * On the real Postgres, each consumer on its own pool, as two processes would be.
 */
const available = await postgresAvailable();

const applied = pgTable("applied", { subject: text("subject").primaryKey(), n: integer("n").notNull() });
const schema = { ...outboxSchema, applied };
type Db = Database<typeof schema>;

const event = (seq: number, type = "mine"): OutboxEvent => ({ seq, type, subject: `s${seq}`, payload: {}, createdAt: new Date().toISOString() });

/** Counts the event's application, so an event applied twice shows as n = 2. */
async function count(tx: Transaction<typeof schema>, e: OutboxEvent): Promise<void> {
  await tx
    .insert(applied)
    .values({ subject: e.subject, n: 1 })
    .onConflictDoUpdate({ target: applied.subject, set: { n: sql`${applied.n} + 1` } });
}

describe.skipIf(!available)("EventConsumer round trips and rivals (Postgres)", () => {
  let scratch: ScratchDatabase;
  const pools: Pool[] = [];

  /** A connection pool of its own, with every statement sent on it recorded in `statements`. */
  function connect(): { db: Db; statements: string[] } {
    const statements: string[] = [];
    const pool = new Pool({ connectionString: scratch.url, max: 2 });
    pools.push(pool);
    const db = drizzle({ client: pool, schema, logger: { logQuery: (query) => void statements.push(query.split(" ")[0] ?? "") } });
    return { db: db as unknown as Db, statements };
  }

  /** A feed of `events` served a page of `limit` at a time, as the producer's route would. */
  const served = (events: OutboxEvent[], limit = 500) => async (after: number) => {
    const from = events.findIndex((e) => e.seq > after);
    return from < 0 ? [] : events.slice(from, from + limit);
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase("feed_consumer");
    const setup = await openOutboxDatabase(schema, ["create table applied (subject text primary key, n integer not null)"], scratch.url);
    await setup.close();
  });
  /** How many times each event was applied, by subject. */
  async function applications(): Promise<[string, number][]> {
    const rows = await connect().db.select().from(applied);
    return rows.map((r): [string, number] => [r.subject, r.n]).sort();
  }
  const once = (events: readonly OutboxEvent[]) => events.map((e): [string, number] => [e.subject, 1]).sort();

  beforeEach(async () => {
    await connect().db.delete(applied);
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await scratch.drop();
  });

  it("reads its cursor once, then trusts its own commits: a page costs begin, cursor move, effects, commit; an empty poll, nothing", async () => {
    const { db, statements } = connect();
    const feed = [event(1), event(2)];
    const c = new EventConsumer({ feed: "costs", db, fetchEvents: served(feed), apply: count });
    expect(await c.pollOnce()).toBe(2);
    expect(statements).toEqual(["select", "begin", "insert", "insert", "insert", "commit"]);
    statements.length = 0;
    expect(await c.pollOnce()).toBe(0);
    expect(statements).toEqual([]);
    feed.push(event(3));
    expect(await c.pollOnce()).toBe(1);
    expect(statements).toEqual(["begin", "update", "insert", "commit"]);
    expect(await c.position()).toBe(3);
  });

  it("moves past a page with nothing it handles in one statement, without a transaction", async () => {
    const { db, statements } = connect();
    const feed = [event(1, "theirs"), event(2, "theirs"), event(3, "mine")];
    const seen: number[] = [];
    const c = new EventConsumer({ feed: "skips", db, fetchEvents: served(feed, 2), handles: (e) => e.type === "mine", apply: async (_tx, e) => void seen.push(e.seq) });
    expect(await c.pollOnce()).toBe(3);
    expect(statements).toEqual(["select", "insert", "begin", "update", "commit"]);
    expect(seen).toEqual([3]);
    expect(await c.position()).toBe(3);
  });

  it("finds out when another consumer moved the cursor, applies nothing twice and goes on from there", async () => {
    const feed = [1, 2, 3].map((seq) => event(100 + seq));
    const first = new EventConsumer({ feed: "rivals", db: connect().db, fetchEvents: served(feed), apply: count });
    expect(await first.pollOnce()).toBe(3);
    feed.push(event(104), event(105));
    // Another process (or the orders sweep) catches up meanwhile: `first` still believes it is at 103.
    const second = new EventConsumer({ feed: "rivals", db: connect().db, fetchEvents: served(feed), apply: count });
    expect(await second.pollOnce()).toBe(2);
    feed.push(event(106));
    expect(await first.pollOnce()).toBe(1);
    expect(await applications()).toEqual(once(feed));
  });

  it("applies each event exactly once when two consumers drain one feed at the same time", async () => {
    // Whole pages of events neither consumer handles, too: their one-statement moves race as well.
    const feed = Array.from({ length: 120 }, (_, i) => event(1_000 + i, i % 40 < 15 ? "theirs" : "mine"));
    const consumers = [0, 1].map(
      () =>
        new EventConsumer({
          feed: "race",
          db: connect().db,
          fetchEvents: served(feed, 7),
          handles: (e) => e.type === "mine",
          apply: async (tx, e) => (e.type === "mine" ? count(tx, e) : undefined),
        }),
    );
    const totals = await Promise.all(consumers.map((c) => c.pollOnce()));
    expect(totals[0]! + totals[1]!).toBe(feed.length);
    expect(await consumers[0]!.position()).toBe(1_119);
    expect(await applications()).toEqual(once(feed.filter((e) => e.type === "mine")));
  });

  it("needs no apply when applyPage settles every event, and rolls back a page it left events of", async () => {
    const { db } = connect();
    const feed = [event(1), event(2)];
    const bulk = new EventConsumer({ feed: "bulk", db, fetchEvents: served(feed), applyPage: async () => ({ rejected: [] }) });
    expect(await bulk.pollOnce()).toBe(2);
    const leaky = new EventConsumer({ feed: "leaky", db, fetchEvents: served(feed), applyPage: async (_tx, events) => ({ rest: events, rejected: [] }) });
    await expect(leaky.pollOnce()).rejects.toThrow(/applyPage left 2 events/);
    expect(await leaky.position()).toBe(0);
  });
});
