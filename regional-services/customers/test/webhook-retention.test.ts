import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebhookDeliveryStatus } from "../../../contracts/admin/webhooks-api.ts";
import { queueDelivery } from "../webhooks/deliveries.ts";
import { pruneDeliveries } from "../webhooks/retention.ts";
import { webhookDeliveries, webhookEndpoints } from "../webhooks/schema.ts";
import { availableDrivers, openTestDatabase, type TestDatabase } from "./databases.ts";

const drivers = await availableDrivers();
const DAY = 24 * 60 * 60_000;
const NOW = new Date("2026-12-03T12:00:00Z");

describe.each(drivers)("the webhook delivery log's retention (%s)", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(driver);
    await t.db.insert(webhookEndpoints).values({ id: "we_retention", url: "https://example.com/hook", events: ["order.paid"], secret: "whsec_retention" });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function delivery(name: string, status: WebhookDeliveryStatus, ageDays: number): Promise<string> {
    const { row } = await queueDelivery(t.db, {
      endpointId: "we_retention",
      eventId: `evt_${name}`,
      type: "order.paid",
      payload: { name },
      eventCreatedAt: NOW,
      dedupeKey: `retention:${name}`,
    });
    await t.db.update(webhookDeliveries).set({ status, createdAt: new Date(NOW.getTime() - ageDays * DAY) }).where(eq(webhookDeliveries.id, row.id));
    return name;
  }

  const left = async () => (await t.db.select({ eventId: webhookDeliveries.eventId }).from(webhookDeliveries)).map((r) => r.eventId.slice(4)).sort();

  it("deletes deliveries that are over and older than the retention, and keeps the rest whatever their age", async () => {
    await delivery("old-succeeded", "succeeded", 31);
    await delivery("old-failed", "failed", 45);
    await delivery("old-pending", "pending", 40);
    await delivery("old-retrying", "retrying", 40);
    await delivery("recent-succeeded", "succeeded", 29);
    await delivery("recent-failed", "failed", 1);

    expect(await pruneDeliveries(t.db, NOW, 30)).toBe(2);
    expect(await left()).toEqual(["old-pending", "old-retrying", "recent-failed", "recent-succeeded"]);
    // A second pass finds nothing more to do.
    expect(await pruneDeliveries(t.db, NOW, 30)).toBe(0);
  });

  it("works through a log bigger than one batch", async () => {
    const many = Array.from({ length: 1_205 }, (_, i) => ({
      id: `wd_bulk_${i}`,
      endpointId: "we_retention",
      eventId: `evt_bulk-${i}`,
      type: "order.paid",
      payload: {},
      eventCreatedAt: NOW,
      dedupeKey: `retention:bulk-${i}`,
      status: "succeeded" as const,
      createdAt: new Date(NOW.getTime() - 60 * DAY),
    }));
    for (let i = 0; i < many.length; i += 500) await t.db.insert(webhookDeliveries).values(many.slice(i, i + 500));
    expect(await pruneDeliveries(t.db, NOW, 30)).toBe(1_205);
    expect((await left()).filter((name) => name.startsWith("bulk"))).toEqual([]);
  });
});
