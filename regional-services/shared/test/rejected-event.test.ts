import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { DatabaseHandle } from "../db.ts";
import { EventConsumer, parsePage, parsePayload, type OutboxEvent } from "../outbox.ts";
import { openOutboxDatabase, outboxSchema } from "./outbox-db.ts";

/**
 * A payload that breaks the producer's contract is rejected: the consumer counts it and moves
 * its cursor past it (one bad event must not stall the feed), and the events around it apply.
 */
let handle: DatabaseHandle<typeof outboxSchema>;
beforeAll(async () => {
  handle = await openOutboxDatabase(outboxSchema);
});
afterAll(async () => {
  await handle.close();
});

const thingSchema = z.object({ id: z.string(), count: z.number().int() });
const event = (seq: number, payload: unknown): OutboxEvent => ({ seq, type: "thing.changed", subject: `s${seq}`, payload, createdAt: new Date().toISOString() });

describe("EventConsumer and parsePayload", () => {
  it("counts a payload that fails its schema as rejected, applies the rest and moves past it", async () => {
    const feed = [event(1, { id: "a", count: 1 }), event(2, { id: "b", count: "two" }), event(3, { id: "c", count: 3 })];
    const applied: string[] = [];
    const consumer = new EventConsumer({
      feed: "things",
      db: handle.db,
      fetchEvents: async (after) => feed.filter((e) => e.seq > after),
      apply: async (_tx, e) => {
        applied.push(parsePayload(thingSchema, e).id);
      },
    });
    await consumer.pollOnce();
    expect(applied).toEqual(["a", "c"]);
    expect(consumer.rejected).toBe(1);
    expect(await consumer.position()).toBe(3);
  });

  it("lets any other failure roll the batch back, so it is retried rather than skipped", async () => {
    const consumer = new EventConsumer({
      feed: "broken",
      db: handle.db,
      fetchEvents: async (after) => [event(1, { id: "a", count: 1 })].filter((e) => e.seq > after),
      apply: async () => {
        throw new Error("database down");
      },
    });
    await expect(consumer.pollOnce()).rejects.toThrow("database down");
    expect(consumer.rejected).toBe(0);
    expect(await consumer.position()).toBe(0);
  });
});

describe("parsePage", () => {
  it("splits a page into the events parsed with their schema, those without one, and those that break theirs, each in feed order", () => {
    const other = { ...event(2, {}), type: "other.thing" };
    const page = [event(1, { id: "a", count: 1 }), other, event(3, { id: "c" }), event(4, { id: "d", count: 4 })];
    const { parsed, rest, rejected } = parsePage(page, (type) => (type === "thing.changed" ? thingSchema : undefined));
    expect(parsed.map(({ event, data }) => [event.seq, data.id])).toEqual([
      [1, "a"],
      [4, "d"],
    ]);
    expect(rest).toEqual([other]);
    expect(rejected.map(({ event, issues }) => [event.seq, issues])).toEqual([[3, expect.stringContaining("count")]]);
  });
});
