import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../db.ts";
import { appendEvent, EventConsumer, readEvents, readEventsSettled, type OutboxEvent } from "../outbox.ts";
import { createScratchDatabase, postgresAvailable, type ScratchDatabase } from "../testing.ts";
import { outboxSchema, openOutboxDatabase } from "./outbox-db.ts";

/**
 * Outbox writers take no lock, so sequence numbers are handed out in one order and transactions
 * commit in another. On the real Postgres, with transactions held open on purpose: the feed never
 * hands a consumer an event that a still-running transaction could end up in front of, so an
 * event that commits late is applied, never jumped over.
 */
const available = await postgresAvailable();

interface Gate {
  opened: Promise<void>;
  open(): void;
}
function gate(): Gate {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe.skipIf(!available)("outbox feed order on Postgres (no writer lock)", () => {
  let scratch: ScratchDatabase;
  let h: DatabaseHandle<typeof outboxSchema>;
  const seen: string[] = [];
  let consumer: EventConsumer<typeof outboxSchema>;
  const feed = (after: number) => readEvents(h.db, after);

  beforeAll(async () => {
    scratch = await createScratchDatabase("outbox_order");
    h = await openOutboxDatabase(outboxSchema, [], scratch.url);
    consumer = new EventConsumer({ feed: "self", db: h.db, fetchEvents: feed, apply: async (_tx, e: OutboxEvent) => void seen.push(e.subject) });
  });
  afterAll(async () => {
    await h.close();
    await scratch.drop();
  });

  /**
   * Polls until `n` more events have been applied: a transaction of this database may hold
   * events back for a moment; they must arrive, in order, not at once.
   */
  async function applied(n: number): Promise<number> {
    let total = 0;
    const deadline = Date.now() + 15_000;
    while (total < n && Date.now() < deadline) {
      total += await consumer.pollOnce();
      if (total < n) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return total;
  }

  /** Runs `body` in a transaction that stays open until the returned gate is opened. */
  async function heldOpen(body: Parameters<typeof h.db.transaction>[0]): Promise<{ release: Gate; done: Promise<void> }> {
    const started = gate();
    const release = gate();
    const done = h.db.transaction(async (tx) => {
      await body(tx);
      started.open();
      await release.opened;
    });
    await started.opened;
    return { release, done };
  }

  it("holds back an event committed after one with a smaller seq that is still open, then delivers both in order", async () => {
    const early = await heldOpen((tx) => appendEvent(tx, "t", "early-seq", {}).then(() => undefined));
    await h.db.transaction((tx) => appendEvent(tx, "t", "later-seq-committed-first", {}));
    // With `seq > cursor` the consumer would take the later seq now and never see the earlier one.
    expect(await consumer.pollOnce()).toBe(0);
    expect(await feed(0)).toEqual([]);
    early.release.open();
    await early.done;
    expect(await applied(2)).toBe(2);
    expect(seen).toEqual(["early-seq", "later-seq-committed-first"]);
  });

  it("puts a transaction that began writing first ahead of a younger one that took a smaller seq, and the cursor moves past both", async () => {
    seen.length = 0;
    const tookId = gate();
    const mayAppend = gate();
    const appended = gate();
    const mayCommit = gate();
    const older = h.db.transaction(async (tx) => {
      // Any write gives a transaction its id; its event's seq comes later.
      await tx.execute(sql`select pg_current_xact_id()`);
      tookId.open();
      await mayAppend.opened;
      await appendEvent(tx, "t", "older-tx-larger-seq", {});
      appended.open();
      await mayCommit.opened;
    });
    await tookId.opened;
    await h.db.transaction((tx) => appendEvent(tx, "t", "younger-tx-smaller-seq", {}));
    expect(await consumer.pollOnce()).toBe(0);
    mayAppend.open();
    await appended.opened;
    expect(await consumer.pollOnce()).toBe(0);
    mayCommit.open();
    await older;
    expect(await applied(2)).toBe(2);
    expect(seen).toEqual(["older-tx-larger-seq", "younger-tx-smaller-seq"]);
    // The cursor is the younger event's seq, the smaller one: nothing comes again.
    expect(await consumer.pollOnce()).toBe(0);
  });

  it("has the feed route wait for an older transaction that holds committed events back, so one poll brings them", async () => {
    const from = await consumer.position();
    const older = await heldOpen((tx) => appendEvent(tx, "t", "held-open", {}).then(() => undefined));
    await h.db.transaction((tx) => appendEvent(tx, "t", "waiting-behind", {}));
    // Still held when the wait runs out: nothing, never the later event alone.
    expect(await readEventsSettled(h.db, from, 500, 100)).toEqual([]);
    const settled = readEventsSettled(h.db, from, 500, 5_000);
    setTimeout(() => older.release.open(), 100);
    expect((await settled).map((e) => e.subject)).toEqual(["held-open", "waiting-behind"]);
    await older.done;
    await applied(2);
  });

  it("is not held back by a transaction running in another database of the same server", async () => {
    const other = await createScratchDatabase("outbox_other");
    const elsewhere = await openOutboxDatabase(outboxSchema, [], other.url);
    const release = gate();
    try {
      const tookId = gate();
      // A sibling service's long transaction (a seed, a big feed page) on the same server.
      const long = elsewhere.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_current_xact_id()`);
        tookId.open();
        await release.opened;
      });
      await tookId.opened;
      const from = await consumer.position();
      await h.db.transaction((tx) => appendEvent(tx, "t", "not-waiting-for-a-sibling", {}));
      expect((await feed(from)).map((e) => e.subject)).toEqual(["not-waiting-for-a-sibling"]);
      release.open();
      await long;
      await applied(1);
    } finally {
      // Also when an expectation failed: the pool would wait for the open transaction forever.
      release.open();
      await elsewhere.close();
      await other.drop();
    }
  });

  it("loses no event and applies none twice when many writers commit in any order while the consumer polls", async () => {
    seen.length = 0;
    const writers = Array.from({ length: 40 }, (_, i) =>
      h.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_sleep(${(i % 7) / 200})`);
        await appendEvent(tx, "t", `w${i}`, {});
        await tx.execute(sql`select pg_sleep(${((i * 3) % 5) / 200})`);
      }),
    );
    let polling = true;
    const poller = (async () => {
      while (polling) await consumer.pollOnce();
    })();
    await Promise.all(writers);
    polling = false;
    await poller;
    await applied(40 - seen.length);
    expect([...seen].sort()).toEqual(Array.from({ length: 40 }, (_, i) => `w${i}`).sort());
  });
});
