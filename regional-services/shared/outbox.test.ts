import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "./db.ts";
import { appendEvent, EventConsumer, readEvents } from "./outbox.ts";
import { outboxSchema, openOutboxDatabase } from "./test/outbox-db.ts";

const applied = pgTable("applied", { subject: text("subject").primaryKey(), n: integer("n").notNull() });
const schema = { ...outboxSchema, applied };
const open = () => openOutboxDatabase(schema, ["create table applied (subject text primary key, n integer not null)"]);

describe("outbox and event consumer (PGlite)", () => {
  let producer: DatabaseHandle<typeof schema>;
  let consumer: DatabaseHandle<typeof schema>;

  beforeAll(async () => {
    producer = await open();
    consumer = await open();
  });
  afterAll(async () => {
    await producer.close();
    await consumer.close();
  });

  it("publishes events in sequence and a consumer applies each exactly once", async () => {
    for (let i = 0; i < 5; i++) {
      await producer.db.transaction((tx) => appendEvent(tx, "thing.changed", `s${i % 2}`, { i }));
    }
    const events = await readEvents(producer.db, 0);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);

    const c = new EventConsumer({
      feed: "producer",
      db: consumer.db,
      fetchEvents: (after) => readEvents(producer.db, after, 2),
      apply: async (tx, e) => {
        await tx
          .insert(applied)
          .values({ subject: e.subject, n: 1 })
          .onConflictDoUpdate({ target: applied.subject, set: { n: sql`${applied.n} + 1` } });
      },
    });
    expect(await c.pollOnce()).toBe(5);
    expect(await c.pollOnce()).toBe(0);
    expect(await c.position()).toBe(5);
    const rows = await consumer.db.select().from(applied).orderBy(applied.subject);
    expect(rows).toEqual([
      { subject: "s0", n: 3 },
      { subject: "s1", n: 2 },
    ]);
  });

  it("does not advance the cursor when applying an event fails", async () => {
    await producer.db.transaction((tx) => appendEvent(tx, "thing.changed", "bad", {}));
    const c = new EventConsumer({
      feed: "producer",
      db: consumer.db,
      fetchEvents: (after) => readEvents(producer.db, after),
      apply: async () => {
        throw new Error("boom");
      },
    });
    await expect(c.pollOnce()).rejects.toThrow("boom");
    expect(await c.position()).toBe(5);
  });
});
